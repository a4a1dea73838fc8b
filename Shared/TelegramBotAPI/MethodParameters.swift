/// No parameters.
struct EmptyParameters: Encodable, Sendable {}

/// Parameters of `getUpdates`.
struct GetUpdatesParameters: Encodable, Sendable {
    /// The first update id wanted.
    var offset: Int64?
    /// How many updates at most.
    var limit: Int
    /// Seconds to wait for the first update.
    var timeout: Int
    /// The update kinds wanted.
    var allowedUpdates: [String]

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case offset, limit, timeout
        case allowedUpdates = "allowed_updates"
    }
}

/// Parameters of `setWebhook`.
struct SetWebhookParameters: Encodable, Sendable {
    /// The webhook's address.
    var url: String
    /// The secret Telegram sends back in a header.
    var secretToken: String
    /// The update kinds wanted.
    var allowedUpdates: [String]

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case url
        case secretToken = "secret_token"
        case allowedUpdates = "allowed_updates"
    }
}

/// Parameters of `deleteWebhook`.
struct DeleteWebhookParameters: Encodable, Sendable {
    /// Whether to forget waiting updates.
    var dropPendingUpdates: Bool

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case dropPendingUpdates = "drop_pending_updates"
    }
}

/// Parameters of `editMessageText`.
struct EditMessageTextParameters: Encodable, Sendable {
    /// The chat.
    var chatID: Int64
    /// The message.
    var messageID: Int64
    /// The text.
    var text: String
    /// The markup of the text.
    var parseMode: ParseMode?

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case text
        case chatID = "chat_id"
        case messageID = "message_id"
        case parseMode = "parse_mode"
    }
}

/// Parameters of `answerCallbackQuery`.
struct AnswerCallbackQueryParameters: Encodable, Sendable {
    /// The query answered.
    var callbackQueryID: String
    /// The text.
    var text: String?

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case text
        case callbackQueryID = "callback_query_id"
    }
}

/// Parameters of `copyMessage`.
struct CopyMessageParameters: Encodable, Sendable {
    /// The chat.
    var chatID: Int64
    /// The source chat.
    var fromChatID: Int64
    /// The message.
    var messageID: Int64
    /// The forum topic.
    var messageThreadID: Int64?

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id"
        case fromChatID = "from_chat_id"
        case messageID = "message_id"
        case messageThreadID = "message_thread_id"
    }
}

/// Parameters of `createForumTopic`.
struct CreateForumTopicParameters: Encodable, Sendable {
    /// The chat.
    var chatID: Int64
    /// The topic's name.
    var name: String

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case name
        case chatID = "chat_id"
    }
}

/// Parameters of `sendChatAction`.
struct SendChatActionParameters: Encodable, Sendable {
    /// The chat.
    var chatID: Int64
    /// What the bot is doing ("typing").
    var action: String

    /// The JSON field names.
    enum CodingKeys: String, CodingKey {
        case action
        case chatID = "chat_id"
    }
}
