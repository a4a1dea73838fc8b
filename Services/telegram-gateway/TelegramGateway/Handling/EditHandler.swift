import Catalog
import Domain
import IngestClient
import TelegramBotAPI
import TelegramOutbox

/// An edited message: stored as a new version, marked "(edited)" (the original stays in
/// the history as it was); in operator mode handed to the relay to show the operators.
struct EditHandler: Sendable {
    /// What handling needs.
    let context: GatewayContext

    /// Handles the new version `edited` of update `updateID`.
    func handle(_ edited: Message, updateID: Int64) async throws {
        let chatID = edited.chat.id
        // Operators' own edits change nothing already delivered to users.
        guard chatID != context.operatorChatID, let text = edited.text ?? edited.caption else { return }
        let chat = String(chatID)
        let user = edited.from.map(ChatUser.init(telegram:))
        let version = Texts.of(context.operatorLanguage).editedMark + " " + text
        try await StoreOnce(context: context).store(
            NewChatMessage(text: version, sender: .user, direction: .incoming, user: user), in: chat, updateID: updateID
        )
        guard try await context.modes.mode(of: chat) == .operator else { return }
        try await context.relay.enqueue(
            RelayItem(
                id: "update:\(updateID)", kind: .editedMessage, chatID: chat, user: user, text: text,
                messageID: edited.messageID, languageCode: edited.from?.languageCode))
    }
}
