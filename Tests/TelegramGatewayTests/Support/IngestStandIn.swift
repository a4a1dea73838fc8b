import Domain
import Foundation
import HTTP1
import HTTPServer
import IngestClient
import Logging
import Synchronization

/// A small stand-in for ingest-api answering like CONTRACT §3, with behaviours chosen per
/// test: an FAQ answer, a ticket, garbage, or a slow answer (for time-outs). Records what
/// it was asked.
final class IngestStandIn: Sendable {
    /// How the next `POST /api/ingest` is answered.
    enum Behaviour: Sendable {
        case answer(String, score: Double, language: String)
        case ticket(id: Int64, category: String, priority: String, department: String, language: String)
        case garbage
        /// Waits this long, then answers with the default.
        case slow(Duration)
        /// A model's answer streamed as ingest-api streams it: the whole text at once, then the
        /// result `resultAfter` later (ingest-api stores the answer in between).
        case streamed(String, resultAfter: Duration)
    }

    private let server: HTTPServer
    /// Behaviours for the next calls, then `fallback` for the rest.
    private let queued = Mutex<[Behaviour]>([])
    private let fallback: Behaviour
    /// What was ingested, and what was stored through `POST /api/chats/{id}/messages`.
    let ingested = Mutex<[IngestRequest]>([])
    /// The Idempotency-Key header of each ingest call, in order.
    let idempotencyKeys = Mutex<[String?]>([])
    let stored = Mutex<[(chatID: String, message: NewChatMessage)]>([])

    /// `BACKEND_URL` for the gateway.
    var url: String { "http://127.0.0.1:\(server.port)" }

    init(fallback: Behaviour = .answer("Open the VPN app and sign in.", score: 0.92, language: "en")) throws {
        self.fallback = fallback
        var router = Router()
        let box = Box()
        router.post("/api/ingest") { request in try await box.owner?.ingest(request) ?? .json(raw: "{}", status: 500) }
        router.post("/api/chats/{chat}/messages") { request in
            try box.owner?.store(request) ?? .json(raw: "{}", status: 500)
        }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.loopCount = 1
        server = try HTTPServer(
            configuration: configuration, router: router, logger: Logger(label: "ingest-stand-in", level: .error))
        box.set(self)
    }

    /// Answers the next calls with `behaviours`, in order.
    func queue(_ behaviours: Behaviour...) { queued.withLock { $0 += behaviours } }

    func stop() async { await server.shutdown(gracePeriod: 1) }

    private func ingest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try JSONDecoder().decode(IngestRequest.self, from: Data(request.body))
        ingested.withLock { $0.append(body) }
        idempotencyKeys.withLock { $0.append(request.headers.values("Idempotency-Key").first) }
        var behaviour = queued.withLock { $0.isEmpty ? fallback : $0.removeFirst() }
        if case .slow(let delay) = behaviour {
            try await Task.sleep(for: delay)
            behaviour = fallback
        }
        let count = ingested.withLock { $0.count }
        if case .streamed(let text, let delay) = behaviour {
            let response = IngestResponse(
                status: .closedAuto, answer: text, source: .llm, language: "en", sessionID: "s-\(count)",
                messageID: Int64(count))
            return .streaming(headers: ["Content-Type": "text/event-stream"]) { write in
                try await write(IngestStreamEvent.delta(text).bytes)
                try await Task.sleep(for: delay)
                try await write(IngestStreamEvent.result(response).bytes)
            }
        }
        let response: IngestResponse
        switch behaviour {
        case .answer(let text, let score, let language):
            response = IngestResponse(
                status: .closedAuto, answer: text, similarityScore: score, source: .faq, language: language,
                sessionID: "s-\(count)", messageID: Int64(count))
        case .ticket(let id, let category, let priority, let department, let language):
            response = IngestResponse(
                status: .new, ticketID: id, category: category, priority: priority, department: department,
                language: language, sessionID: "s-\(count)", messageID: Int64(count))
        case .garbage, .slow, .streamed:
            return .json(raw: "{\"surprise\":true}")
        }
        return .json(raw: String(decoding: try JSONEncoder().encode(response), as: UTF8.self))
    }

    private func store(_ request: HTTPRequest) throws -> HTTPResponse {
        let body = try JSONDecoder().decode(NewChatMessage.self, from: Data(request.body))
        let chatID = request.parameter("chat") ?? ""
        let count = stored.withLock { list in
            list.append((chatID, body))
            return list.count
        }
        let message = ChatMessage(
            id: Int64(count), chatID: chatID, direction: body.direction, sender: body.sender, text: body.text,
            createdAt: "2026-01-01T00:00:00Z")
        return .json(raw: String(decoding: try JSONEncoder().encode(message), as: UTF8.self), status: 201)
    }

    /// The stand-in, reachable from routes built before it exists.
    private final class Box: Sendable {
        private let value = Mutex<IngestStandIn?>(nil)
        var owner: IngestStandIn? { value.withLock { $0 } }
        func set(_ owner: IngestStandIn) { value.withLock { $0 = owner } }
    }
}
