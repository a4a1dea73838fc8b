/// What became of a `SendRequest`, written to its `receiptStream` when it asked for one.
public struct SendReceipt: Codable, Sendable, Equatable {
    /// The request's id.
    public var requestID: String
    /// The chat it went to (the new id when a group was upgraded to a supergroup).
    public var chatID: Int64
    /// True when Telegram accepted it; false when Telegram refused it for good.
    public var isDelivered: Bool
    /// The ids of the messages sent (one per part of a split text; the copy's id).
    public var messageIDs: [Int64]
    /// createForumTopic: the new topic's thread id.
    public var messageThreadID: Int64?
    /// The refusal's `error_code` (403 blocked, 400 bad request…).
    public var errorCode: Int?
    /// The refusal's `description`.
    public var errorDescription: String?
    /// The request's `context`, returned as given.
    public var context: [String: String]?

    /// Creates a receipt.
    public init(
        requestID: String, chatID: Int64, isDelivered: Bool, messageIDs: [Int64] = [], messageThreadID: Int64? = nil,
        errorCode: Int? = nil, errorDescription: String? = nil, context: [String: String]? = nil
    ) {
        self.requestID = requestID
        self.chatID = chatID
        self.isDelivered = isDelivered
        self.messageIDs = messageIDs
        self.messageThreadID = messageThreadID
        self.errorCode = errorCode
        self.errorDescription = errorDescription
        self.context = context
    }

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case context
        case requestID = "request_id"
        case chatID = "chat_id"
        case isDelivered = "delivered"
        case messageIDs = "message_ids"
        case messageThreadID = "message_thread_id"
        case errorCode = "error_code"
        case errorDescription = "error_description"
    }
}
