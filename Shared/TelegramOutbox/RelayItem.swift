import Domain

/// One thing the gateway hands to operator-relay through the `RelayInbox` (JSON in the stream).
public struct RelayItem: Codable, Sendable, Equatable {
    /// What happened.
    public enum Kind: String, Codable, Sendable {
        /// A user in operator mode wrote (text, or media when `media_kind` is set: relay it
        /// with copyMessage from `chat_id`/`message_id`).
        case userMessage = "user_message"
        /// A user edited a message; `text` is the new version (show it as "(edited)").
        case editedMessage = "edited_message"
        /// The chat's mode changed (`mode`); to operator: post the handoff with the history.
        case modeChanged = "mode_changed"
        /// A message written in the operator chat (`OPERATOR_CHAT_ID`): a reply, a
        /// "chat_id: answer", a command, or something to refuse.
        case operatorMessage = "operator_message"
        /// Telegram refused to deliver to the chat for good (403: the user blocked the bot).
        case chatBlocked = "chat_blocked"
    }

    /// The dedupe id, derived from the Telegram update ("update:123").
    public var id: String
    /// What happened.
    public var kind: Kind
    /// The chat concerned: the user's chat, or the operator chat for `operatorMessage`.
    public var chatID: String
    /// Who wrote (the user, or the operator for `operatorMessage`).
    public var user: ChatUser?
    /// The text or caption.
    public var text: String?
    /// The Telegram message's id in `chatID`.
    public var messageID: Int64?
    /// "photo", "document", … for media messages.
    public var mediaKind: String?
    /// `operatorMessage`: the operator-chat message it replies to.
    public var replyToMessageID: Int64?
    /// The forum topic the message was written in.
    public var messageThreadID: Int64?
    /// `modeChanged`: the new mode.
    public var mode: ChatMode?
    /// The user's language code, for texts in their language.
    public var languageCode: String?
    /// `chatBlocked`: Telegram's description.
    public var reason: String?

    /// Creates an item.
    public init(
        id: String, kind: Kind, chatID: String, user: ChatUser? = nil, text: String? = nil, messageID: Int64? = nil,
        mediaKind: String? = nil, replyToMessageID: Int64? = nil, messageThreadID: Int64? = nil,
        mode: ChatMode? = nil, languageCode: String? = nil, reason: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.chatID = chatID
        self.user = user
        self.text = text
        self.messageID = messageID
        self.mediaKind = mediaKind
        self.replyToMessageID = replyToMessageID
        self.messageThreadID = messageThreadID
        self.mode = mode
        self.languageCode = languageCode
        self.reason = reason
    }

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case id, kind, user, text, mode, reason
        case chatID = "chat_id"
        case messageID = "message_id"
        case mediaKind = "media_kind"
        case replyToMessageID = "reply_to_message_id"
        case messageThreadID = "message_thread_id"
        case languageCode = "language_code"
    }
}
