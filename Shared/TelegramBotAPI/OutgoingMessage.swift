/// How Telegram reads the text's markup.
public enum ParseMode: String, Codable, Sendable {
    /// Telegram's HTML subset; user text must go through `HTMLText.escape`.
    case html = "HTML"
}

/// The parameters of `sendMessage`.
public struct OutgoingMessage: Codable, Sendable, Equatable {
    /// Where to send it.
    public var chatID: Int64
    /// The text, 1-4096 characters after markup parsing (`MessageSplitter` makes it fit).
    public var text: String
    /// The markup of `text`; nil for plain text.
    public var parseMode: ParseMode?
    /// A keyboard to show.
    public var replyMarkup: ReplyMarkup?
    /// The message this one answers (sent as `reply_parameters`).
    public var replyToMessageID: Int64?
    /// The forum topic to post in.
    public var messageThreadID: Int64?

    /// Creates the parameters.
    public init(
        chatID: Int64, text: String, parseMode: ParseMode? = nil, replyMarkup: ReplyMarkup? = nil,
        replyToMessageID: Int64? = nil, messageThreadID: Int64? = nil
    ) {
        self.chatID = chatID
        self.text = text
        self.parseMode = parseMode
        self.replyMarkup = replyMarkup
        self.replyToMessageID = replyToMessageID
        self.messageThreadID = messageThreadID
    }

    /// `reply_parameters`: the replied message, and sending anyway if it was deleted.
    struct ReplyParameters: Codable, Sendable {
        var messageID: Int64
        var allowSendingWithoutReply = true

        /// The JSON field names.
        enum CodingKeys: String, CodingKey {
            case messageID = "message_id"
            case allowSendingWithoutReply = "allow_sending_without_reply"
        }
    }

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case text
        case chatID = "chat_id"
        case parseMode = "parse_mode"
        case replyMarkup = "reply_markup"
        case replyParameters = "reply_parameters"
        case messageThreadID = "message_thread_id"
    }

    /// Encodes with `reply_parameters` instead of the deprecated `reply_to_message_id`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(chatID, forKey: .chatID)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(parseMode, forKey: .parseMode)
        try container.encodeIfPresent(replyMarkup, forKey: .replyMarkup)
        try container.encodeIfPresent(replyToMessageID.map { ReplyParameters(messageID: $0) }, forKey: .replyParameters)
        try container.encodeIfPresent(messageThreadID, forKey: .messageThreadID)
    }

    /// Decodes what `encode` wrote (the test double reads sent messages with it).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        chatID = try container.decode(Int64.self, forKey: .chatID)
        text = try container.decode(String.self, forKey: .text)
        parseMode = try? container.decodeIfPresent(ParseMode.self, forKey: .parseMode)
        replyMarkup = try? container.decodeIfPresent(ReplyMarkup.self, forKey: .replyMarkup)
        replyToMessageID = (try? container.decodeIfPresent(ReplyParameters.self, forKey: .replyParameters))?.messageID
        messageThreadID = try? container.decodeIfPresent(Int64.self, forKey: .messageThreadID)
    }
}
