import Admission
import Domain
import Foundation
import HTTP1
import HTTPServer
import Logging
import Testing

@testable import NotifyHub

/// `IngestAnswerSource` against a stand-in ingest-api (our own HTTP server): a JSON
/// answer, a streamed one, errors, and the operator-mode store.
struct IngestAnswerSourceTests {
    static let answerJSON =
        "{\"status\":\"closed_auto\",\"answer\":\"Hello, world\",\"similarity_score\":0.9,\"source\":\"llm\",\"language\":\"en\",\"session_id\":\"s\",\"message_id\":5}"

    /// A stand-in ingest-api on a free port; `seen` gets each request's path, auth and body.
    static func startDesk(seen: Recorder<String>) throws -> HTTPServer {
        var router = Router()
        router.post("/api/ingest") { request in
            let body = String(decoding: request.body, as: UTF8.self)
            seen.append("ingest \(request.headers["Accept"] ?? "") \(body)")
            if body.contains("json please") { return .json(raw: answerJSON) }
            if body.contains("broken") { return .json(raw: "{\"status\":") }
            if body.contains("busy") { return .error(status: 503, code: "unavailable", message: "database down") }
            // The events ingest-api writes (Domain's IngestStreamEvent), not a copy of them.
            let answer = try JSONDecoder().decode(IngestResponse.self, from: Data(answerJSON.utf8))
            return .streaming(headers: ["Content-Type": "text/event-stream"]) { write in
                for piece in ["Hello", ", ", "world"] {
                    try await write(IngestStreamEvent.delta(piece).bytes)
                    try await Task.sleep(nanoseconds: 10_000_000)
                }
                try await write(IngestStreamEvent.keepAliveBytes)
                try await write(IngestStreamEvent.result(answer).bytes)
            }
        }
        router.post("/api/chats/{chat_id}/messages") { request in
            let auth = request.headers["Authorization"] ?? ""
            seen.append("store \(request.parameter("chat_id") ?? "") \(auth)")
            // The stored message, as ingest-api answers it.
            return .json(
                raw:
                    #"{"id":1,"chat_id":"web-9","direction":"in","sender":"user","text":"hi","created_at":"2026-12-04T10:00:00Z"}"#,
                status: 201)
        }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.loopCount = 1
        return try HTTPServer(
            configuration: configuration, router: router, logger: Logger(label: "desk", level: .error))
    }

    static func source(_ server: HTTPServer) throws -> IngestAnswerSource {
        IngestAnswerSource(
            baseURL: try #require(URL(string: "http://127.0.0.1:\(server.port)")),
            adminToken: "tok-0123456789abcdefghijklmn", timeout: .seconds(5))
    }

    @Test func aStreamedAnswerReachesOnPiecePieceByPieceThenReturnsWhole() async throws {
        let seen = Recorder<String>()
        let server = try Self.startDesk(seen: seen)
        defer { Task { await server.shutdown() } }
        let pieces = Recorder<String>()
        let answer = try await Self.source(server).answer(
            IngestRequest(text: "stream it", channel: "web", chatID: "web-1")
        ) {
            text in pieces.append(text)
        }
        #expect(pieces.all == ["Hello", "Hello, ", "Hello, world"])
        #expect(answer.answer == "Hello, world")
        let request = try #require(seen.all.first)
        #expect(request.hasPrefix("ingest text/event-stream"))
        #expect(request.contains("\"chat_id\":\"web-1\"") && request.contains("\"channel\":\"web\""))
    }

    @Test func aPlainJSONAnswerWorksWithoutPieces() async throws {
        let server = try Self.startDesk(seen: Recorder())
        defer { Task { await server.shutdown() } }
        let pieces = Recorder<String>()
        let answer = try await Self.source(server).answer(IngestRequest(text: "json please")) { pieces.append($0) }
        #expect(answer.similarityScore == 0.9)
        #expect(pieces.all.isEmpty)
    }

    @Test func failuresAreSortedIntoUnreachableAndBadAnswers() async throws {
        let server = try Self.startDesk(seen: Recorder())
        defer { Task { await server.shutdown() } }
        let source = try Self.source(server)
        let nowhere = IngestAnswerSource(baseURL: try #require(URL(string: "http://127.0.0.1:9")), adminToken: nil)
        #expect(await Self.failure(source, "busy") == .unreachable("ingest-api answered 503"))
        guard case .badAnswer = await Self.failure(source, "broken") else { throw Failure.expected("a bad answer") }
        guard case .unreachable = await Self.failure(nowhere, "hello") else { throw Failure.expected("unreachable") }
    }

    @Test func anOperatorModeMessageIsStoredWithTheAdminToken() async throws {
        let seen = Recorder<String>()
        let server = try Self.startDesk(seen: seen)
        defer { Task { await server.shutdown() } }
        try await Self.source(server).store(visitorMessage: "hi", chatID: "web-9", user: ChatUser(id: "web-9"))
        #expect(seen.all == ["store web-9 Bearer tok-0123456789abcdefghijklmn"])
    }

    @Test(.enabled(if: leakTestsEnabled, "process-wide counts: run alone with LEAK_TESTS=1 (make test does)"))
    func hundredsOfAnswersLeaveNoDescriptorsBehindLeakCheck() async throws {
        // Each streamed answer runs on a URLSession of its own: it must be invalidated.
        let server = try Self.startDesk(seen: Recorder())
        defer { Task { await server.shutdown() } }
        let source = try Self.source(server)
        for index in 0..<20 {
            _ = try await source.answer(IngestRequest(text: index % 2 == 0 ? "s" : "json please")) { _ in }
        }
        let before = VisitorLeakTests.openDescriptors()
        for index in 0..<400 {
            _ = try await source.answer(IngestRequest(text: index % 2 == 0 ? "s" : "json please")) { _ in }
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        let after = VisitorLeakTests.openDescriptors()
        #expect(after - before < 20, "descriptors \(before) → \(after)")
    }

    /// How asking `source` about `text` failed; nil when it answered.
    static func failure(_ source: IngestAnswerSource, _ text: String) async -> DeskError? {
        do {
            _ = try await source.answer(IngestRequest(text: text)) { _ in }
            return nil
        } catch {
            return error
        }
    }

    /// A test expectation that did not hold.
    enum Failure: Error { case expected(String) }
}
