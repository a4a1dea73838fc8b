import Domain
import Foundation
import HTTP1
import HTTPServer
import IngestClient
import Logging
import Synchronization
import TestSupport
import Testing

/// The typed ingest-api client against a small server answering like CONTRACT §3.
struct IngestClientTests {
    /// A server whose routes record the authorization header and answer as the contract says.
    static func startServer(seen: Seen) throws -> HTTPServer {
        var router = Router()
        router.get("/api/chats/{chat}/messages") { request in
            seen.values.withLock { $0.append((request.headers["Authorization"] ?? "-") + " " + request.target) }
            return .json(
                raw:
                    #"{"items":[{"id":3,"chat_id":"web-a b","direction":"in","sender":"user","text":"hi","created_at":"2026-01-01T00:00:00Z"}],"next_before":null}"#
            )
        }
        router.put("/api/chats/{chat}/mode") { request in
            guard request.headers["Authorization"] == "Bearer admin" else { throw HTTPError.unauthorized() }
            return .json(raw: String(decoding: request.body, as: UTF8.self))
        }
        router.get("/api/chats/{chat}/mode") { _ in throw HTTPError.unavailable("database down") }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.loopCount = 1
        return try HTTPServer(configuration: configuration, router: router, logger: Logger(label: "t", level: .error))
    }

    @Test func adminCallsSendTheTokenAndDecodeTheContractShapes() async throws {
        let seen = Seen()
        let server = try Self.startServer(seen: seen)
        defer { Task { await server.shutdown(gracePeriod: 1) } }
        let base = try #require(URL(string: "http://127.0.0.1:\(server.port)"))
        let client = IngestClient(baseURL: base, adminToken: "admin")
        let page = try await client.messages(of: "web-a b", limit: 5)
        #expect(page.items.first?.text == "hi" && page.nextBefore == nil)
        #expect(seen.values.withLock { $0 } == ["Bearer admin /api/chats/web-a%20b/messages?limit=5"])
        #expect(try await client.setMode(ChatMode.operator, of: "42") == ChatMode.operator)
        await #expect(throws: IngestClientError.unreachable("ingest-api answered 503")) {
            try await client.mode(of: "42")
        }
        let anonymous = IngestClient(baseURL: base, adminToken: nil)
        await #expect(
            throws: IngestClientError.refused(
                status: 401, code: "unauthorized", message: "missing or wrong admin token")
        ) {
            try await anonymous.setMode(ChatMode.bot, of: "42")
        }
    }

    @Test func aClosedPortIsUnreachable() async throws {
        let base = try #require(URL(string: "http://127.0.0.1:\(unusedPort())"))
        let client = IngestClient(baseURL: base, adminToken: nil, timeout: .seconds(2))
        do {
            _ = try await client.ingest(IngestRequest(text: "hi"))
            Issue.record("expected a failure")
        } catch {
            guard case .unreachable = error else {
                Issue.record("expected unreachable, got \(error)")
                return
            }
        }
    }
}

/// What the server saw, shared with its routes.
final class Seen: Sendable {
    let values = Mutex<[String]>([])
}
