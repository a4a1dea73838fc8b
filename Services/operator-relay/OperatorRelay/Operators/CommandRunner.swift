import Catalog
import Domain
import Events
import IngestClient
import TelegramOutbox

/// Carries out an operator command and says what happened, in one plain-text line or list.
struct CommandRunner: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// Runs `command`, written in the topic of `topicChat` (if any) by operator message `id`.
    func run(_ command: OperatorCommand, topicChat: String?, id: String) async throws -> String {
        switch command {
        case .usage(let text):
            return text + "\n" + OperatorCommand.summary
        case .tickets:
            return await tickets()
        case .close(let ticketID):
            return await close(ticketID)
        case .bot(let chatID):
            guard let chatID = chatID ?? topicChat else { return "Usage: /bot {chat_id}" }
            return try await giveBack(chatID, id: id)
        case .ban(let chatID):
            guard let chatID = chatID ?? topicChat else { return "Usage: /ban {chat_id}" }
            let isNew = try await context.banned.ban(chatID)
            return isNew
                ? "User \(chatID) is banned: their messages no longer reach operators (/unban \(chatID) to undo)."
                : "User \(chatID) was banned already."
        case .unban(let chatID):
            guard let chatID = chatID ?? topicChat else { return "Usage: /unban {chat_id}" }
            let wasBanned = try await context.banned.unban(chatID)
            return wasBanned
                ? "User \(chatID) is unbanned: their messages reach operators again."
                : "User \(chatID) was not banned."
        }
    }

    /// The open tickets, newest first.
    private func tickets() async -> String {
        do {
            let page = try await context.ingest.tickets(statuses: [.new, .open], limit: 20)
            guard !page.items.isEmpty else { return "No open tickets." }
            let lines = page.items.map { ticket in
                "#\(ticket.id) [\(ticket.status.rawValue)] \(ticket.category) · \(ticket.priority) · "
                    + "\(ticket.department) · chat \(ticket.chatID)"
            }
            return "Open tickets:\n" + lines.joined(separator: "\n")
        } catch {
            return Self.unavailable(error)
        }
    }

    /// Closes a ticket.
    private func close(_ ticketID: Int64) async -> String {
        do {
            try await context.ingest.setStatus(.closed, ofTicket: ticketID)
            return "Ticket #\(ticketID) closed."
        } catch .refused(let status, _, _) where status == 404 {
            return "No ticket #\(ticketID)."
        } catch {
            return Self.unavailable(error)
        }
    }

    /// Gives the chat back to the bot (ingest-api sets the mode and publishes
    /// `mode_changed`) and tells the user, as the toggle button would.
    private func giveBack(_ chatID: String, id: String) async throws -> String {
        do {
            try await context.ingest.setMode(.bot, of: chatID)
        } catch {
            return Self.unavailable(error)
        }
        let texts = try await context.userTexts(of: chatID)
        switch Channel.of(chatID: chatID) {
        case .telegram:
            if let userChat = Int64(chatID), context.isTelegramOn {
                try await context.outbox.enqueue(
                    .text(
                        id: "relay:\(id):to-bot", chatID: userChat, text: texts.operatorDisconnected,
                        replyKeyboard: [[texts.operatorButton]]))
            }
        case .web:
            try await context.effects.once("\(id):to-bot") {
                try await context.visitors.publish(
                    VisitorReply(text: texts.operatorDisconnected), to: chatID, on: context.redis)
            }
        case .api:
            break
        }
        return "Chat \(chatID) is back with the bot."
    }

    /// The answer when ingest-api failed.
    private static func unavailable(_ error: IngestClientError) -> String {
        switch error {
        case .unreachable, .timedOut: "ingest-api is unavailable; try again in a moment."
        default: "ingest-api refused: \(error.description)"
        }
    }
}
