/// No parameters.
struct EmptyParameters: Encodable, Sendable {}

/// Parameters of `getUpdates`.
struct GetUpdatesParameters: Encodable, Sendable {
    var offset: Int64?
    var limit: Int
    var timeout: Int
    var allowedUpdates: [String]

    enum CodingKeys: String, CodingKey {
        case offset, limit, timeout
        case allowedUpdates = "allowed_updates"
    }
}

/// Parameters of `setWebhook`.
struct SetWebhookParameters: Encodable, Sendable {
    var url: String
    var secretToken: String
    var allowedUpdates: [String]

    enum CodingKeys: String, CodingKey {
        case url
        case secretToken = "secret_token"
        case allowedUpdates = "allowed_updates"
    }
}

/// Parameters of `deleteWebhook`.
struct DeleteWebhookParameters: Encodable, Sendable {
    var dropPendingUpdates: Bool

    enum CodingKeys: String, CodingKey {
        case dropPendingUpdates = "drop_pending_updates"
    }
}

/// Parameters of `editMessageText`.
struct EditMessageTextParameters: Encodable, Sendable {
    var chatID: Int64
    var messageID: Int64
    var text: String
    var parseMode: ParseMode?

    enum CodingKeys: String, CodingKey {
        case text
        case chatID = "chat_id"
        case messageID = "message_id"
        case parseMode = "parse_mode"
    }
}

/// Parameters of `answerCallbackQuery`.
struct AnswerCallbackQueryParameters: Encodable, Sendable {
    var callbackQueryID: String
    var text: String?

    enum CodingKeys: String, CodingKey {
        case text
        case callbackQueryID = "callback_query_id"
    }
}

/// Parameters of `copyMessage`.
struct CopyMessageParameters: Encodable, Sendable {
    var chatID: Int64
    var fromChatID: Int64
    var messageID: Int64
    var messageThreadID: Int64?

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id"
        case fromChatID = "from_chat_id"
        case messageID = "message_id"
        case messageThreadID = "message_thread_id"
    }
}

/// Parameters of `createForumTopic`.
struct CreateForumTopicParameters: Encodable, Sendable {
    var chatID: Int64
    var name: String

    enum CodingKeys: String, CodingKey {
        case name
        case chatID = "chat_id"
    }
}
