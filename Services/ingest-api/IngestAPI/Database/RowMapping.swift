import Domain
import Postgres

/// Reading the contract's shapes out of rows selected with `SQLColumns`.
extension ChatMessage {
    /// The message in `row` (columns of `SQLColumns.message`).
    init(row: PostgresRow) throws {
        let direction = try row.decode(String.self, "direction")
        let sender = try row.decode(String.self, "sender")
        guard let direction = Direction(rawValue: direction), let sender = Sender(rawValue: sender) else {
            throw PostgresError(.decoding, "message has direction \(direction) / sender \(sender)")
        }
        self.init(
            id: try row.decode(Int64.self, "id"), chatID: try row.decode(String.self, "chat_id"), direction: direction,
            sender: sender, text: try row.decode(String.self, "text"),
            createdAt: try row.decode(String.self, "created_at"))
    }
}

extension Ticket {
    /// The ticket in `row` (columns of `SQLColumns.ticket`).
    init(row: PostgresRow) throws {
        try self.init(row: row, prefix: "")
    }

    /// The ticket in `row` whose columns are those of `SQLColumns.ticket` after `prefix`.
    init(row: PostgresRow, prefix: String) throws {
        func column(_ name: String) -> String { prefix + name }
        let statusText = try row.decode(String.self, column("status"))
        guard let status = Status(rawValue: statusText) else {
            throw PostgresError(.decoding, "ticket has status \(statusText)")
        }
        self.init(
            id: try row.decode(Int64.self, column("id")), status: status, category: try row.decode(String.self, column("category")),
            priority: try row.decode(String.self, column("priority")), department: try row.decode(String.self, column("department")),
            language: try row.decode(String.self, column("language")), chatID: try row.decode(String.self, column("chat_id")),
            createdAt: try row.decode(String.self, column("created_at")), updatedAt: try row.decode(String.self, column("updated_at")))
        assignee = try row.optional(String.self, column("assignee"))
        closedBy = try row.optional(String.self, column("closed_by"))
        closedAt = try row.optional(String.self, column("closed_at"))
        followsTicketID = try row.optional(Int64.self, column("follows_ticket_id"))
        sessionID = try row.optional(String.self, column("session_id"))
    }
}

extension FAQEntry {
    /// The entry in `row` (columns of `SQLColumns.faqEntry`).
    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode(Int64.self, "id"), question: try row.decode(String.self, "question"),
            answer: try row.decode(String.self, "answer"), language: try row.decode(String.self, "language"),
            category: try row.optional(String.self, "category"))
    }
}
