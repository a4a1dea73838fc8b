import Catalog
import Domain
import IngestClient
import TelegramBotAPI
import TelegramOutbox

/// Operator mode: the message is handed to the relay (which forwards it to the operator
/// chat; media with copyMessage) and stored in the chat's history through ingest-api.
struct OperatorHandOff: Sendable {
    /// What handling needs.
    let context: GatewayContext

    /// Hands over `message` of update `updateID`.
    func handOff(_ message: Message, updateID: Int64) async throws {
        let chat = String(message.chat.id)
        let user = message.from.map(ChatUser.init(telegram:))
        try await context.relay.enqueue(
            RelayItem(
                id: "update:\(updateID)", kind: .userMessage, chatID: chat, user: user,
                text: message.text ?? message.caption, messageID: message.messageID, mediaKind: message.mediaKind,
                languageCode: message.from?.languageCode))
        let stored = Self.historyText(of: message)
        try await StoreOnce(context: context).store(
            NewChatMessage(text: stored, sender: .user, direction: .incoming, user: user), in: chat, updateID: updateID)
    }

    /// What the history shows: the text, or "[photo] caption" for media.
    static func historyText(of message: Message) -> String {
        guard let kind = message.mediaKind else { return message.text ?? "" }
        return "[\(kind)]" + (message.caption.map { " " + $0 } ?? "")
    }
}

/// Stores a message through ingest-api once per update: unreachable means "try the whole
/// update again later" (thrown); a refusal is logged and dropped, since retrying cannot help.
struct StoreOnce: Sendable {
    /// What handling needs.
    let context: GatewayContext

    /// Stores `message` in `chatID`'s history unless this update already did.
    func store(_ message: NewChatMessage, in chatID: String, updateID: Int64) async throws {
        if try await context.memo.value("stored", of: updateID) != nil { return }
        do {
            try await context.ingest.storeMessage(message, in: chatID)
        } catch .unreachable(let reason) {
            throw IngestClientError.unreachable(reason)
        } catch .timedOut {
            throw IngestClientError.timedOut
        } catch {
            context.logger.warning("ingest-api refused to store a message", ["error": .string(error.description)])
        }
        try await context.memo.store("1", "stored", of: updateID)
    }
}
