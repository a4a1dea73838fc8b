import Config
import Foundation
import Testing

@Suite struct SettingsTests {
    @Test func defaultsMatchTheContract() throws {
        let settings = try Settings(SettingsSource(values: [:]))
        #expect(settings.ingestPort == 8000)
        #expect(settings.gatewayPort == 8081)
        #expect(settings.relayPort == 8082)
        #expect(settings.websocketPort == 7860)
        #expect(settings.websocketPath == "/notify")
        #expect(settings.redisURL.absoluteString == "redis://127.0.0.1:6379/0")
        #expect(settings.databaseURL.absoluteString == "postgres://switchboard@127.0.0.1:5432/switchboard")
        #expect(settings.telegramToken == nil)
        #expect(settings.telegramMode == .polling)
        #expect(settings.webhookPath == "/telegram/webhook")
        #expect(settings.pollTimeout == .seconds(50))
        #expect(settings.faqSimilarityThreshold == 0.75)
        #expect(settings.openAIModel == "gpt-4o-mini")
        #expect(settings.eventsChannel == "switchboard:events")
        #expect(settings.maxConnections == 50_000)
        #expect(settings.bindAddress == "0.0.0.0")
    }

    @Test(arguments: [
        ("REDIS_URL", "not a url"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("DATABASE_URL", "mysql://x@y/z"),
        ("INGEST_PORT", "eighty"),
        ("WEBSOCKET_PORT", "70000"),
        ("OPERATOR_CHAT_ID", "@operators"),
        ("ADMIN_USER_IDS", "1,two,3"),
        ("FAQ_SIMILARITY_THRESHOLD", "1.5"),
        ("TELEGRAM_MODE", "carrier-pigeon"),
        ("LOG_LEVEL", "loud"),
        ("BIND_ADDRESS", "localhost:80"),
        ("WEBHOOK_PATH", "telegram"),
        ("TELEGRAM_TOKEN", "no-colon"),
        ("ADMIN_API_TOKEN", "admin"),
        ("ADMIN_API_TOKEN", "twenty-three-characters"),
        ("INTERNAL_API_TOKEN", "short"),
        ("ADMIN_API_TOKEN", "a token with spaces in it, long enough"),
        ("DEFAULT_LANGUAGE", "de"),
        ("OPERATOR_LANGUAGE", "russian"),
    ])
    func badValueNamesTheSetting(name: String, value: String) {
        #expect {
            _ = try Settings(SettingsSource(values: [name: value]))
        } throws: { error in
            (error as? ConfigError)?.setting == name && (error as? ConfigError)?.description.contains(name) == true
        }
    }

    @Test(arguments: [
        ("DATABASE_URL", "mysql://switchboard:hunter2-secret@db:5432/x"),
        ("REDIS_URL", "http://:hunter2-secret@cache:6379/0"),
        ("BACKEND_URL", "ftp://svc:hunter2-secret@ingest"),
    ])
    func aMalformedURLIsReportedWithoutItsPassword(name: String, value: String) {
        #expect {
            _ = try Settings(SettingsSource(values: [name: value]))
        } throws: { error in
            let line = (error as? ConfigError)?.description ?? ""
            return line.contains(name) && !line.contains("hunter2") && line.contains("***")
        }
    }

    @Test func webhookModeWithoutSecretIsRefusedByTheGateway() throws {
        let settings = try Settings(
            SettingsSource(values: ["TELEGRAM_TOKEN": "123:abc", "TELEGRAM_MODE": "webhook", "WEBHOOK_URL": "https://x.example"]))
        #expect(throws: ConfigError(setting: "WEBHOOK_SECRET", message: "required when TELEGRAM_MODE=webhook")) {
            try settings.validateForGateway()
        }
    }

    @Test func languagesDefaultToEnglishAndAcceptTheFiveCodes() throws {
        let defaults = try Settings(SettingsSource(values: [:]))
        #expect(defaults.defaultLanguage == "en" && defaults.operatorLanguage == "en")
        let set = try Settings(SettingsSource(values: ["DEFAULT_LANGUAGE": "KZ", "OPERATOR_LANGUAGE": "vi"]))
        #expect(set.defaultLanguage == "kk" && set.operatorLanguage == "vi")
    }

    @Test func listsAndIdsAreParsed() throws {
        let settings = try Settings(
            SettingsSource(values: ["ADMIN_USER_IDS": " 1, 22 ,-333", "OPERATOR_CHAT_ID": "-1001234567890"]))
        #expect(settings.adminUserIDs == [1, 22, -333])
        #expect(settings.operatorChatID == -1_001_234_567_890)
    }

    @Test func emptyValueMeansUnset() throws {
        let settings = try Settings(SettingsSource(values: ["TELEGRAM_TOKEN": "", "INGEST_PORT": " "]))
        #expect(settings.telegramToken == nil)
        #expect(settings.ingestPort == 8000)
    }
}

@Suite struct DotEnvTests {
    @Test func parsesCommentsQuotesAndExport() throws {
        let values = try DotEnv.parse(
            """
            # a comment
            export REDIS_URL=redis://127.0.0.1:7000/1
            ADMIN_API_TOKEN='s3cr#t with spaces'
            GREETING="line one\\nline two"
            LOG_LEVEL=debug # trailing comment

            EMPTY=
            """)
        #expect(values["REDIS_URL"] == "redis://127.0.0.1:7000/1")
        #expect(values["ADMIN_API_TOKEN"] == "s3cr#t with spaces")
        #expect(values["GREETING"] == "line one\nline two")
        #expect(values["LOG_LEVEL"] == "debug")
        #expect(values["EMPTY"] == "")
    }

    @Test func aLineWithoutEqualsNamesItsLine() {
        #expect(throws: ConfigError(setting: ".env:2", message: "expected NAME=value")) {
            try DotEnv.parse("A=1\nnonsense\n")
        }
    }

    @Test func environmentWinsOverTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dotenv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(".env")
        try "PATH=/from/file\nSWITCHBOARD_ONLY_IN_FILE=yes\n".write(to: file, atomically: true, encoding: .utf8)
        let source = try SettingsSource.standard(dotEnvPath: file.path)
        #expect(source.string("SWITCHBOARD_ONLY_IN_FILE") == "yes")
        #expect(source.string("PATH") == ProcessInfo.processInfo.environment["PATH"])
    }
}
