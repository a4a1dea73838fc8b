/// One thing to send to Telegram, queued in the outbox by any process of the suite and
/// carried out by the gateway's sender. JSON in the stream; every field but `id`,
/// `method` and `chat_id` is optional.
public struct SendRequest: Codable, Sendable, Equatable {
    /// The Bot API call to make.
    public enum Method: String, Codable, Sendable {
        case sendMessage, copyMessage, editMessageText, createForumTopic
    }

    /// A button under the message (inline keyboard).
    public struct InlineButton: Codable, Sendable, Equatable {
        /// The text.
        public var text: String
        /// Data sent back when pressed.
        public var callbackData: String

        /// Creates a button.
        public init(text: String, callbackData: String) {
            self.text = text
            self.callbackData = callbackData
        }

        /// The JSON field names.
        enum CodingKeys: String, CodingKey {
            case text
            case callbackData = "callback_data"
        }
    }

    /// The producer's idempotency key: a request with an id already queued is dropped, so
    /// derive it from what caused the send ("update:123:answer"), not from a random number,
    /// when a retry of the producer must not send twice.
    public var id: String
    /// The call.
    public var method: Method
    /// The target chat.
    public var chatID: Int64
    /// The text (sendMessage, editMessageText). Long texts are split by the sender.
    public var text: String?
    /// True when `text` is Telegram HTML (user parts escaped with `HTMLText.escape`).
    public var isHTML: Bool
    /// Labels of a reply keyboard to show, row by row.
    public var replyKeyboard: [[String]]?
    /// An inline keyboard to attach.
    public var inlineKeyboard: [[InlineButton]]?
    /// The message this one replies to.
    public var replyToMessageID: Int64?
    /// The forum topic to post in.
    public var messageThreadID: Int64?
    /// copyMessage: the source chat.
    public var fromChatID: Int64?
    /// copyMessage: the source message; editMessageText: the message to edit.
    public var messageID: Int64?
    /// createForumTopic: the topic's name.
    public var topicName: String?
    /// A stream (key) that receives a `SendReceipt` when the request is done, delivered or not.
    public var receiptStream: String?
    /// Anything the producer wants back in the receipt (for example the user chat a
    /// forwarded message belongs to).
    public var context: [String: String]?

    /// Creates a request; see the static helpers for the common shapes.
    public init(
        id: String, method: Method, chatID: Int64, text: String? = nil, isHTML: Bool = false,
        replyKeyboard: [[String]]? = nil, inlineKeyboard: [[InlineButton]]? = nil, replyToMessageID: Int64? = nil,
        messageThreadID: Int64? = nil, fromChatID: Int64? = nil, messageID: Int64? = nil, topicName: String? = nil,
        receiptStream: String? = nil, context: [String: String]? = nil
    ) {
        self.id = id
        self.method = method
        self.chatID = chatID
        self.text = text
        self.isHTML = isHTML
        self.replyKeyboard = replyKeyboard
        self.inlineKeyboard = inlineKeyboard
        self.replyToMessageID = replyToMessageID
        self.messageThreadID = messageThreadID
        self.fromChatID = fromChatID
        self.messageID = messageID
        self.topicName = topicName
        self.receiptStream = receiptStream
        self.context = context
    }

    /// A text message.
    public static func text(
        id: String, chatID: Int64, text: String, isHTML: Bool = false, replyKeyboard: [[String]]? = nil,
        replyToMessageID: Int64? = nil, messageThreadID: Int64? = nil
    ) -> SendRequest {
        SendRequest(
            id: id, method: .sendMessage, chatID: chatID, text: text, isHTML: isHTML, replyKeyboard: replyKeyboard,
            replyToMessageID: replyToMessageID, messageThreadID: messageThreadID)
    }

    /// A copy of a message (media included) from another chat.
    public static func copy(
        id: String, chatID: Int64, fromChatID: Int64, messageID: Int64, messageThreadID: Int64? = nil
    ) -> SendRequest {
        SendRequest(
            id: id, method: .copyMessage, chatID: chatID, messageThreadID: messageThreadID, fromChatID: fromChatID,
            messageID: messageID)
    }

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case id, method, text, context
        case chatID = "chat_id"
        case isHTML = "html"
        case replyKeyboard = "reply_keyboard"
        case inlineKeyboard = "inline_keyboard"
        case replyToMessageID = "reply_to_message_id"
        case messageThreadID = "message_thread_id"
        case fromChatID = "from_chat_id"
        case messageID = "message_id"
        case topicName = "topic_name"
        case receiptStream = "receipt_stream"
    }

    /// Decodes; `html` defaults to false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        method = try container.decode(Method.self, forKey: .method)
        chatID = try container.decode(Int64.self, forKey: .chatID)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        isHTML = try container.decodeIfPresent(Bool.self, forKey: .isHTML) ?? false
        replyKeyboard = try container.decodeIfPresent([[String]].self, forKey: .replyKeyboard)
        inlineKeyboard = try container.decodeIfPresent([[InlineButton]].self, forKey: .inlineKeyboard)
        replyToMessageID = try container.decodeIfPresent(Int64.self, forKey: .replyToMessageID)
        messageThreadID = try container.decodeIfPresent(Int64.self, forKey: .messageThreadID)
        fromChatID = try container.decodeIfPresent(Int64.self, forKey: .fromChatID)
        messageID = try container.decodeIfPresent(Int64.self, forKey: .messageID)
        topicName = try container.decodeIfPresent(String.self, forKey: .topicName)
        receiptStream = try container.decodeIfPresent(String.self, forKey: .receiptStream)
        context = try container.decodeIfPresent([String: String].self, forKey: .context)
    }
}
