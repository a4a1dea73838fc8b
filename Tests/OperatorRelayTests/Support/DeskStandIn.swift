import ChatState
import DeskProtocol
import Domain
import Events
import Foundation
import HTTP1
import HTTPServer
import IngestClient
import Logging
import Redis
import Synchronization

/// A stand-in for ingest-api with the routes the relay (and the gateway in operator mode)
/// use, behaving as CONTRACT §3 says: history stored and listed newest first, each stored
/// message published as a `message` event, the mode set in Redis with `mode_changed`,
/// tickets listed and closed. `isDown` makes every route answer 503.
final class DeskStandIn: Sendable {
    /// The server.
    private let server: HTTPServer
    /// Each chat's history, oldest first.
    let history = Mutex<[String: [ChatMessage]]>([:])
    /// The tickets, by id.
    let tickets = Mutex<[Int64: Ticket]>([:])
    /// True: every call gets 503.
    let isDown = Mutex(false)
    /// Every `POST /api/chats/{chat}/messages` body, in order.
    let stored = Mutex<[(chatID: String, message: NewChatMessage)]>([])
    /// Each store waits a random 0…this many milliseconds first (uneven handling times).
    let storeDelay = Mutex(0)

    /// `BACKEND_URL`.
    var url: String { "http://127.0.0.1:\(server.port)" }

    /// Starts on a free port; events go out through `events`, modes through `modes`.
    init(events: EventPublisher, modes: ChatModeStore) throws {
        var router = Router()
        let box = Box()
        router.get("/api/chats/{chat}/messages") { request in box.answer { try $0.list(request) } }
        router.post("/api/chats/{chat}/messages") { request in
            await box.answerAsync { try await $0.store(request, events: events) }
        }
        router.put("/api/chats/{chat}/mode") { request in
            await box.answerAsync { try await $0.setMode(request, modes: modes, events: events) }
        }
        router.post("/api/ingest") { _ in
            .json(
                raw:
                    "{\"status\":\"closed_auto\",\"answer\":\"Hi\",\"language\":\"en\",\"session_id\":\"s\",\"message_id\":1}"
            )
        }
        router.get("/api/tickets") { _ in box.answer { $0.openTickets() } }
        router.patch("/api/tickets/{id}") { request in box.answer { try $0.patchTicket(request) } }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.loopCount = 1
        server = try HTTPServer(
            configuration: configuration, router: router, logger: Logger(label: "desk-stand-in", level: .error))
        box.set(self)
    }

    /// Stops serving.
    func stop() async { await server.shutdown(gracePeriod: 1) }

    /// Adds history without events (what happened before the test).
    func seed(_ chatID: String, _ messages: [(ChatMessage.Sender, String)]) {
        history.withLock { history in
            for (sender, text) in messages {
                let id = Int64(history.values.map(\.count).reduce(0, +) + 1)
                history[chatID, default: []].append(
                    ChatMessage(
                        id: id, chatID: chatID, direction: sender == .user ? .incoming : .outgoing, sender: sender,
                        text: text, createdAt: "2026-01-01T00:00:00Z"))
            }
        }
    }

    /// Adds a ticket.
    func addTicket(_ id: Int64, chatID: String, status: Ticket.Status = .new) {
        tickets.withLock {
            $0[id] = Ticket(
                id: id, status: status, category: "VPN", priority: "high", department: "IT_Infrastructure",
                language: "en", chatID: chatID, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z")
        }
    }

    /// The operator's answers stored for `chatID`.
    func operatorAnswers(in chatID: String) -> [String] {
        stored.withLock { $0.filter { $0.chatID == chatID && $0.message.sender == .operator }.map(\.message.text) }
    }

    /// `GET /api/chats/{chat}/messages`: the newest first, up to `limit`.
    private func list(_ request: HTTPRequest) throws -> HTTPResponse {
        let chat = request.parameter("chat") ?? ""
        let limit = Int(request.query["limit"] ?? "") ?? 20
        let items = Array(history.withLock { $0[chat] ?? [] }.reversed().prefix(limit))
        return try json(Page(items: items, nextBefore: nil))
    }

    /// `POST /api/chats/{chat}/messages`: stored, then published as a `message` event.
    private func store(_ request: HTTPRequest, events: EventPublisher) async throws -> HTTPResponse {
        let chat = request.parameter("chat") ?? ""
        let body = try JSONDecoder().decode(NewChatMessage.self, from: Data(request.body))
        let delay = storeDelay.withLock { $0 }
        if delay > 0 { try await Task.sleep(for: .milliseconds(Int.random(in: 0...delay))) }
        let message = history.withLock { history in
            let id = Int64(history.values.map(\.count).reduce(0, +) + 1)
            let message = ChatMessage(
                id: id, chatID: chat, direction: body.direction, sender: body.sender, text: body.text,
                createdAt: "2026-01-01T00:00:00Z")
            history[chat, default: []].append(message)
            return message
        }
        stored.withLock { $0.append((chat, body)) }
        try await events.publish(.message(message))
        return try json(message, status: 201)
    }

    /// `PUT /api/chats/{chat}/mode`: set in Redis; `mode_changed` published on a change.
    private func setMode(_ request: HTTPRequest, modes: ChatModeStore, events: EventPublisher) async throws
        -> HTTPResponse
    {
        let chat = request.parameter("chat") ?? ""
        let body = try JSONDecoder().decode([String: ChatMode].self, from: Data(request.body))
        guard let mode = body["mode"] else { return .json(raw: "{}", status: 400) }
        if try await modes.setMode(mode, of: chat) != mode {
            try await events.publish(.modeChanged(ModeChangedData(chatID: chat, mode: mode)))
        }
        return .json(raw: "{\"chat_id\":\"\(chat)\",\"mode\":\"\(mode.rawValue)\"}")
    }

    /// `GET /api/tickets`: the new and open tickets, newest first.
    private func openTickets() -> HTTPResponse {
        let items = tickets.withLock { $0.values.filter { $0.status == .new || $0.status == .open } }
            .sorted { $0.id > $1.id }
        return (try? json(Page(items: items, nextBefore: nil))) ?? .json(raw: "{}", status: 500)
    }

    /// `PATCH /api/tickets/{id}`: the status changed, or 404.
    private func patchTicket(_ request: HTTPRequest) throws -> HTTPResponse {
        let id = Int64(request.parameter("id") ?? "") ?? 0
        let body = try JSONDecoder().decode([String: Ticket.Status].self, from: Data(request.body))
        let ticket = tickets.withLock { tickets -> Ticket? in
            guard var ticket = tickets[id] else { return nil }
            ticket.status = body["status"] ?? ticket.status
            tickets[id] = ticket
            return ticket
        }
        guard let ticket else {
            return .json(raw: "{\"error\":{\"code\":\"not_found\",\"message\":\"no ticket \(id)\"}}", status: 404)
        }
        return try json(ticket)
    }

    /// A JSON answer.
    private func json(_ value: some Encodable, status: Int = 200) throws -> HTTPResponse {
        .json(raw: String(decoding: try JSONEncoder().encode(value), as: UTF8.self), status: HTTPStatus(status))
    }

    /// The stand-in, reachable from routes built before it exists; 503 while it is down.
    private final class Box: Sendable {
        /// The stand-in, once made.
        private let value = Mutex<DeskStandIn?>(nil)
        /// Points the routes at the stand-in.
        func set(_ owner: DeskStandIn) { value.withLock { $0 = owner } }

        /// Runs a synchronous route.
        func answer(_ body: (DeskStandIn) throws -> HTTPResponse) -> HTTPResponse {
            guard let owner = value.withLock({ $0 }) else { return .json(raw: "{}", status: 500) }
            if owner.isDown.withLock({ $0 }) { return Self.down }
            return (try? body(owner))
                ?? .json(raw: "{\"error\":{\"code\":\"bad_request\",\"message\":\"?\"}}", status: 400)
        }

        /// Runs an asynchronous route.
        func answerAsync(_ body: (DeskStandIn) async throws -> HTTPResponse) async -> HTTPResponse {
            guard let owner = value.withLock({ $0 }) else { return .json(raw: "{}", status: 500) }
            if owner.isDown.withLock({ $0 }) { return Self.down }
            do {
                return try await body(owner)
            } catch {
                return .json(raw: "{\"error\":{\"code\":\"bad_request\",\"message\":\"?\"}}", status: 400)
            }
        }

        /// ingest-api's answer while its database is down.
        static let down = HTTPResponse.json(
            raw: "{\"error\":{\"code\":\"unavailable\",\"message\":\"database down\"}}", status: 503)
    }
}
