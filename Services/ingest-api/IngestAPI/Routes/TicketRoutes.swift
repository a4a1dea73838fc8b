import Domain
import HTTP1
import HTTPServer

/// The tickets admin API: list, one with its messages, change.
enum TicketRoutes {
    /// Messages embedded in `GET /api/tickets/{id}`, at most.
    static let embeddedMessageLimit = 500

    /// Adds the routes to `router`.
    static func register(on router: inout Router, context: AppContext) {
        router.get("/api/tickets") { request in
            let page = try await context.ingest.tickets.list(
                statuses: try statuses(request.query["status"]),
                chatID: try request.query["chat_id"].map(IngestValidation.chatID),
                limit: try request.limit(), before: try request.before())
            return try .json(page)
        }
        router.get("/api/tickets/{id}") { request in
            let id = try request.id()
            guard let ticket = try await context.ingest.tickets.ticket(id: id, messageLimit: embeddedMessageLimit)
            else {
                throw HTTPError.notFound("no ticket \(id)")
            }
            return try .json(ticket)
        }
        router.patch("/api/tickets/{id}") { request in
            let id = try request.id()
            let change = try JSONBody.decode(TicketPatch.self, from: request).change()
            guard let ticket = try await context.ingest.tickets.update(id: id, change: change) else {
                throw HTTPError.notFound("no ticket \(id)")
            }
            return try .json(ticket)
        }
    }

    /// `status=new,open`: a comma-separated list of statuses; empty: all.
    static func statuses(_ text: String?) throws -> [Ticket.Status] {
        guard let text, !text.isEmpty else { return [] }
        return try text.split(separator: ",").map { name in
            guard let status = Ticket.Status(rawValue: String(name)) else {
                throw HTTPError.badRequest("status must be new, open, pending or closed (or several, comma-separated)")
            }
            return status
        }
    }
}
