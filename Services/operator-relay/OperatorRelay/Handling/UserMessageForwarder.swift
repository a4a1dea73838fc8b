import Catalog
import TelegramBotAPI

/// A user message in operator mode, as the operator chat sees it (CONTRACT §4):
/// "Message from user {chat_id} ({name}):\n{text}", the user's parts HTML-escaped; media
/// announced the same way ("[photo]") and then copied with copyMessage, caption included.
/// Everything goes to the user's forum topic when the operator chat is a forum.
struct UserMessageForwarder: Sendable {
    /// A media message to copy from the user's Telegram chat.
    struct Media: Sendable, Equatable {
        /// "photo", "document"…
        var kind: String
        /// The user's chat.
        var chatID: Int64
        /// The message there.
        var messageID: Int64
    }

    /// What handling needs.
    let context: RelayContext

    /// Forwards a message of `chatID` (`text` and/or `media`); `id` names the posts after
    /// what caused them. A banned chat's messages are dropped.
    func forward(chatID: String, text: String?, media: Media?, isEdit: Bool, id: String) async throws {
        guard text?.isEmpty == false || media != nil else { return }
        if try await context.banned.contains(chatID) {
            context.count("banned_dropped", help: "Messages of banned chats not forwarded.")
            return
        }
        let name = try await context.profiles.displayName(of: chatID, texts: context.operatorTexts)
        let posts = Self.posts(
            chatID: chatID, name: name, text: text, media: media, isEdit: isEdit, texts: context.operatorTexts)
        try await OperatorChatPoster(context: context).post(posts, about: chatID, name: name, id: id)
        context.count("forwarded", help: "User messages forwarded to the operator chat.")
    }

    /// The posts for one message: the announcement, then the copy of any media.
    static func posts(
        chatID: String, name: String, text: String?, media: Media?, isEdit: Bool, texts: Texts = .of(.en)
    ) -> [OperatorPost] {
        var body: String
        if let media {
            // The caption travels with the copy; the announcement only says what comes.
            body = "[\(HTMLText.escape(media.kind))]"
        } else {
            body = HTMLText.escape(text ?? "")
        }
        if isEdit { body = texts.editedMark + " " + body }
        let head = texts.forwardedMessage(
            chatID: HTMLText.escape(chatID), name: HTMLText.escape(name), text: body)
        guard let media else { return [.html(head)] }
        return [.html(head), .copy(fromChatID: media.chatID, messageID: media.messageID)]
    }
}
