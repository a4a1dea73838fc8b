import Catalog
import DeskProtocol
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
        let texts = context.operatorTexts
        switch command {
        case .usage(let text):
            return text + "\n" + texts.text(.commandList)
        case .tickets:
            return await tickets()
        case .close(let ticketID):
            return await close(ticketID)
        case .bot(let chatID):
            guard let chatID = chatID ?? topicChat else { return texts.text(.usageShort, ["command": "bot"]) }
            return try await giveBack(chatID, id: id)
        case .ban(let chatID):
            guard let chatID = chatID ?? topicChat else { return texts.text(.usageShort, ["command": "ban"]) }
            let isNew = try await context.banned.ban(chatID)
            return texts.text(isNew ? .banned : .alreadyBanned, ["chat_id": chatID])
        case .unban(let chatID):
            guard let chatID = chatID ?? topicChat else { return texts.text(.usageShort, ["command": "unban"]) }
            let wasBanned = try await context.banned.unban(chatID)
            return texts.text(wasBanned ? .unbanned : .notBanned, ["chat_id": chatID])
        }
    }

    /// The open tickets, newest first.
    private func tickets() async -> String {
        let texts = context.operatorTexts
        do {
            let page = try await context.ingest.tickets(statuses: [.new, .open], limit: 20)
            guard !page.items.isEmpty else { return texts.text(.noOpenTickets) }
            let lines = page.items.map { ticket in
                texts.text(
                    .ticketLine,
                    [
                        "id": String(ticket.id), "status": ticket.status.rawValue, "category": ticket.category,
                        "priority": ticket.priority, "department": ticket.department, "chat_id": ticket.chatID,
                    ])
            }
            return texts.text(.openTickets) + "\n" + lines.joined(separator: "\n")
        } catch {
            return Self.unavailable(error, texts: texts)
        }
    }

    /// Closes a ticket.
    private func close(_ ticketID: Int64) async -> String {
        do {
            try await context.ingest.setStatus(.closed, ofTicket: ticketID)
            return context.operatorTexts.text(.ticketClosed, ["id": String(ticketID)])
        } catch .refused(let status, _, _) where status == 404 {
            return context.operatorTexts.text(.noTicket, ["id": String(ticketID)])
        } catch {
            return Self.unavailable(error, texts: context.operatorTexts)
        }
    }

    /// Gives the chat back to the bot (ingest-api sets the mode and publishes
    /// `mode_changed`) and tells the user, as the toggle button would.
    private func giveBack(_ chatID: String, id: String) async throws -> String {
        do {
            try await context.ingest.setMode(.bot, of: chatID)
        } catch {
            return Self.unavailable(error, texts: context.operatorTexts)
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
        return context.operatorTexts.text(.backToBot, ["chat_id": chatID])
    }

    /// The answer when ingest-api failed.
    private static func unavailable(_ error: IngestClientError, texts: Texts) -> String {
        switch error {
        case .unreachable, .timedOut: texts.text(.deskUnavailable)
        default: texts.text(.deskRefused, ["reason": error.description])
        }
    }
}
