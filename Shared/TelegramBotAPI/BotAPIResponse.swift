/// The envelope of every Bot API answer: `{"ok": true, "result": …}` or
/// `{"ok": false, "error_code": 429, "description": "…", "parameters": {"retry_after": 5}}`.
struct BotAPIResponse<Result: Decodable>: Decodable {
    /// Extra data of a refusal.
    struct Parameters: Decodable {
        var retryAfter: Int?
        var migrateToChatID: Int64?

        /// The JSON field names.
        enum CodingKeys: String, CodingKey {
            case retryAfter = "retry_after"
            case migrateToChatID = "migrate_to_chat_id"
        }
    }

    /// Whether the call succeeded.
    var ok: Bool
    /// The result, when it did.
    var result: Result?
    /// The refusal's code.
    var errorCode: Int?
    /// The refusal's description.
    var description: String?
    /// Extra data of the refusal.
    var parameters: Parameters?

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case ok, result, description, parameters
        case errorCode = "error_code"
    }
}

/// The result of `copyMessage`: the new message's id.
public struct MessageID: Codable, Sendable, Equatable {
    /// The id of the copy in the target chat.
    public var messageID: Int64

    /// Creates the value.
    public init(messageID: Int64) { self.messageID = messageID }

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
    }
}

/// The result of `createForumTopic`.
public struct ForumTopic: Codable, Sendable, Equatable {
    /// The topic's thread id, used as `message_thread_id`.
    public var messageThreadID: Int64
    /// The topic's name.
    public var name: String

    /// Creates the value.
    public init(messageThreadID: Int64, name: String) {
        self.messageThreadID = messageThreadID
        self.name = name
    }

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case name
        case messageThreadID = "message_thread_id"
    }
}
