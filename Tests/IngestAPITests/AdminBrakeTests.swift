import Config
import Foundation
import IngestAPI
import TestSupport
import Testing

/// The brake on guessing the admin token (issue 15, item 7, for ingest-api): wrong tokens
/// from one client address, past `IngestOptions.adminFailuresPerMinute`, get that address
/// 429 at the admin API, right token or not, while other addresses still get in. Behind a
/// trusted proxy (TRUSTED_PROXIES; the tests' loopback by default) the address is the
/// client its `X-Forwarded-For` names; from anyone else that header is not believed.
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct AdminBrakeTests {
    /// `GET path` with `token` as the bearer, sent "from" `client` (X-Forwarded-For).
    private func get(
        _ app: TestApp, _ path: String, token: String, from client: String? = nil
    ) async throws -> TestHTTPResponse {
        var headers = [(name: "Authorization", value: "Bearer \(token)")]
        if let client { headers.append((name: "X-Forwarded-For", value: client)) }
        return try await app.request("GET", path, headers: headers)
    }

    @Test func manyWrongTokensFromOneAddressGet429WhileAnotherAddressStillGetsIn() async throws {
        let app = try await TestApp.start()
        defer { Task { await app.stop() } }
        let guesser = "203.0.113.7"
        let paths = ["/api/tickets", "/api/faq", "/api/chats/1/messages", "/api/admin/dead-letters"]
        for attempt in 0..<10 {
            let wrong = try await get(app, paths[attempt % paths.count], token: "guess-\(attempt)", from: guesser)
            #expect(wrong.status == 401, "attempt \(attempt)")
        }
        let braked = try await get(app, "/api/tickets", token: "guess-10", from: guesser)
        #expect(braked.status == 429)
        #expect(braked.bodyText.contains("\"code\":\"rate_limited\""))
        #expect(braked.header("Retry-After") != nil)
        // A right guess is not told apart while the brake is on, on any admin route.
        for path in paths {
            #expect(try await get(app, path, token: TestApp.adminToken, from: guesser).status == 429, "\(path)")
        }
        let mode = try await app.request(
            "PUT", "/api/chats/1/mode", body: #"{"mode":"operator"}"#,
            headers: [
                (name: "Authorization", value: "Bearer \(TestApp.adminToken)"),
                (name: "X-Forwarded-For", value: guesser),
            ])
        #expect(mode.status == 429)
        // Another client behind the same (trusted) proxy, and the proxy's own address, get in.
        #expect(try await get(app, "/api/tickets", token: TestApp.adminToken, from: "198.51.100.9").status == 200)
        #expect(try await get(app, "/api/tickets", token: TestApp.adminToken).status == 200)
        // Requests without a token are not counted and still hear 401, not 429.
        #expect(
            try await app.request("GET", "/api/tickets", headers: [(name: "X-Forwarded-For", value: "198.51.100.10")])
                .status == 401)
    }

    @Test func forwardedForIsBelievedOnlyFromATrustedProxy() async throws {
        // The tests connect from 127.0.0.1, which is then not a trusted proxy: every request
        // counts against 127.0.0.1 whatever its X-Forwarded-For claims.
        let app = try await TestApp.start(["TRUSTED_PROXIES": "10.0.0.0/8"])
        defer { Task { await app.stop() } }
        for attempt in 0..<10 {
            let wrong = try await get(app, "/api/tickets", token: "guess-\(attempt)", from: "192.0.2.\(attempt + 1)")
            #expect(wrong.status == 401)
        }
        #expect(try await get(app, "/api/tickets", token: TestApp.adminToken, from: "198.51.100.9").status == 429)
        #expect(try await get(app, "/api/tickets", token: TestApp.adminToken).status == 429)
    }

    @Test func guessingTheInternalTokenThroughIngestCountsTowardTheBrake() async throws {
        // INTERNAL_API_TOKEN defaults to the admin token: POST /api/ingest tells a right one
        // (the desk may write to a Telegram chat) from a wrong one (403), so it is braked too.
        let app = try await TestApp.start()
        defer { Task { await app.stop() } }
        let guesser = "203.0.113.8"
        let body = #"{"text":"Hello","chat_id":"700900","channel":"telegram"}"#
        func ingest(token: String) async throws -> Int {
            try await app.request(
                "POST", "/api/ingest", body: body,
                headers: [(name: "Authorization", value: "Bearer \(token)"), (name: "X-Forwarded-For", value: guesser)]
            ).status
        }
        for attempt in 0..<10 { #expect(try await ingest(token: "guess-\(attempt)") == 403) }
        // Braked: the right token is not believed from this address (an outsider's 403) ...
        #expect(try await ingest(token: TestApp.adminToken) == 403)
        #expect(try await get(app, "/api/tickets", token: TestApp.adminToken, from: guesser).status == 429)
        // ... while the desk itself, from its own address, writes as before.
        #expect(try await app.request("POST", "/api/ingest", body: body).status == 200)
    }

    @Test func anIntegrationWithABearerOfItsOwnWritingToItsAPIChatsLocksNoOneOut() async throws {
        // A bearer on a write to an api chat guesses nothing (the right token changes nothing
        // there), so it is not counted: an integration's own key must not brake its office.
        let app = try await TestApp.start()
        defer { Task { await app.stop() } }
        let office = "203.0.113.20"
        for attempt in 0..<12 {
            let status = try await app.request(
                "POST", "/api/ingest", body: #"{"text":"Hello","chat_id":"office-bot"}"#,
                headers: [
                    (name: "Authorization", value: "Bearer integration-key-123"), (name: "X-Forwarded-For", value: office),
                ]
            ).status
            #expect(status == 200, "attempt \(attempt)")
        }
        #expect(try await get(app, "/api/tickets", token: TestApp.adminToken, from: office).status == 200)
    }

    @Test func aForwardedForSplitOverTwoHeaderLinesIsCountedByItsLastHop() async throws {
        // A proxy may add its hop as a line of its own: the client's own first line names
        // whomever it likes and must neither spread its guesses nor brake someone else.
        let app = try await TestApp.start()
        defer { Task { await app.stop() } }
        let guesser = "203.0.113.7"
        let victim = "192.0.2.50"
        func guess(_ attempt: Int, naming first: String, token: String) async throws -> Int {
            try await app.request(
                "GET", "/api/tickets",
                headers: [
                    (name: "Authorization", value: "Bearer \(token)"), (name: "X-Forwarded-For", value: first),
                    (name: "X-Forwarded-For", value: guesser),
                ]
            ).status
        }
        for attempt in 0..<10 {
            #expect(try await guess(attempt, naming: attempt.isMultiple(of: 2) ? victim : "10.9.8.\(attempt)", token: "guess-\(attempt)") == 401)
        }
        #expect(try await guess(10, naming: "10.9.9.9", token: TestApp.adminToken) == 429)
        #expect(try await get(app, "/api/tickets", token: TestApp.adminToken, from: victim).status == 200)
    }

    @Test func theBudgetIsTheHubsSettingAndABadValueNamesIt() throws {
        #expect(try IngestOptions(SettingsSource(values: [:])).adminFailuresPerMinute == 10)
        let set = try IngestOptions(SettingsSource(values: ["ADMIN_TOKEN_FAILURES_PER_MINUTE": "3"]))
        #expect(set.adminFailuresPerMinute == 3)
        #expect {
            _ = try IngestOptions(SettingsSource(values: ["ADMIN_TOKEN_FAILURES_PER_MINUTE": "0"]))
        } throws: { error in
            (error as? ConfigError)?.setting == "ADMIN_TOKEN_FAILURES_PER_MINUTE"
        }
    }
}
