import TestSupport
import Foundation
import Testing

/// Hostile and broken input: always a clear 4xx JSON error, never a crash.
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct BadInputTests {
    @Test func brokenBodiesGetBadRequestWithAReason() async throws {
        let app = try await TestApp.start()
        let cases: [(String, String)] = [
            ("{\"text\": ", "not valid JSON"),
            ("[1, 2]", "JSON object"),
            ("{\"text\": 42}", "field 'text' must be a string"),
            ("{\"language\": \"en\"}", "field 'text' is required"),
            ("{\"text\": \"   \"}", "text must not be empty"),
            ("{\"text\": \"hi\", \"language\": \"english!\"}", "language must be"),
            ("{\"text\": \"hi\", \"channel\": \"fax\"}", "channel must be"),
            ("{\"text\": \"hi\", \"chat_id\": 12}", "field 'chat_id' must be a string"),
            ("{\"text\": \"nul \\u0000 inside\"}", "NUL"),
            ("{\"text\": \"hi\", \"user\": {\"id\": 1e400}}", "user"),
            ("{\"text\": \"hi\", \"chat_id\": \"a\\u0007b\"}", "control characters"),
            (String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), "deeper"),
            (
                "{\"text\": \"hi\", \"extra\": " + String(repeating: "{\"a\":", count: 100) + "1"
                    + String(repeating: "}", count: 100) + "}", "deeper"
            ),
            ("", "empty"),
        ]
        for (body, reason) in cases {
            let response = try await app.request("POST", "/api/ingest", body: body)
            #expect(response.status == 400, "\(body.prefix(60))")
            #expect(response.bodyText.contains("\"code\":\"bad_request\""))
            #expect(response.bodyText.contains(reason), "\(body.prefix(60)) → \(response.bodyText)")
        }
        await app.stop()
    }

    @Test func invalidUTF8AndOverlongTextsAreRefused() async throws {
        let app = try await TestApp.start()
        let port = app.port
        let invalid = try await offPool {
            let client = try TestHTTPClientFactory.make(port: port)
            return try client.request(
                "POST", "/api/ingest", body: Array("{\"text\": \"".utf8) + [0xFF, 0xFE] + Array("\"}".utf8))
        }
        #expect(invalid.status == 400)
        #expect(invalid.bodyText.contains("UTF-8"))
        let long = try await app.ingest(["text": String(repeating: "a", count: 100 * 1024)])
        #expect(long.status == 400)
        let huge = try await app.request(
            "POST", "/api/ingest", body: "{\"text\":\"" + String(repeating: "a", count: 1_100_000) + "\"}")
        #expect(huge.status == 413)
        #expect(try await app.request("GET", "/api/tickets/abc", admin: true).status == 400)
        #expect(try await app.request("GET", "/api/tickets?before=-1", admin: true).status == 400)
        #expect(try await app.request("GET", "/healthz").status == 200)
        await app.stop()
    }

    @Test func unknownFieldsAreIgnored() async throws {
        let app = try await TestApp.start()
        let response = try await app.ingest([
            "text": "How do I reset my password?", "telegram_message_id": 5, "x": ["y": 1],
        ])
        #expect(response.status == 200)
        #expect(response.object["status"] as? String == "closed_auto")
        await app.stop()
    }

    @Test func databaseDownGivesServiceUnavailableWithinFiveSeconds() async throws {
        // Nothing listens on port 1: connections are refused, as with a stopped server.
        let app = try await TestApp.start(databaseURL: "postgres://switchboard@127.0.0.1:1/none")
        let started = ContinuousClock.now
        let ready = try await app.request("GET", "/readyz")
        #expect(ready.status == 503)
        #expect(ready.bodyText.contains("postgres"))
        let ingest = try await app.ingest(["text": "hello"])
        #expect(ingest.status == 503)
        #expect(ingest.object["error"] != nil)
        #expect(try await app.request("GET", "/api/tickets", admin: true).status == 503)
        #expect(ContinuousClock.now - started < .seconds(15))
        await app.stop()
    }

    @Test func aDatabaseErrorTellsTheCallerNothingAboutTheServer() async throws {
        let app = try await TestApp.start()
        #expect(try await app.request("POST", "/api/ingest", body: #"{"text":"hello"}"#).status == 200)
        // The database goes away while ingest-api runs.
        try await TestDatabase.setAcceptingConnections(app.databaseURL, false)
        defer { Task { try? await TestDatabase.setAcceptingConnections(app.databaseURL, true) } }
        let ingest = try await app.request("POST", "/api/ingest", body: #"{"text":"hello again"}"#)
        #expect(ingest.status == 503)
        // libpq's message names the host, port and user: for the log, not for the caller.
        for detail in ["127.0.0.1", "switchboard", "port", "ingest_test_", "FATAL"] {
            #expect(!ingest.bodyText.contains(detail), "\(detail)")
        }
        #expect(ingest.bodyText.contains("database is unavailable"))
        await app.stop()
    }
}
