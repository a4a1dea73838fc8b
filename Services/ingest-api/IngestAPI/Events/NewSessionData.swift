/// The data of a `new_session` event, exactly the original admin bot's fields (CONTRACT §5).
struct NewSessionData: Encodable, Sendable {
    /// The session of the question.
    var sessionID: String
    /// The user's id, else the chat id.
    var userID: String
    /// The question.
    var message: String
    /// The answer the user got, or why there was none.
    var response: String
    /// The user's first name, if known.
    var firstName: String?
    /// The user's last name, if known.
    var lastName: String?
    /// The user's username, if known.
    var username: String?
    /// "YYYY-MM-DD HH:MM:SS", UTC.
    var createdAt: String
    /// Always "asking_freely", as in the original bot.
    var action = "asking_freely"
    /// Always "user", as in the original bot.
    var factor = "user"

    /// The JSON names.
    enum CodingKeys: String, CodingKey {
        case message, response, username, action, factor
        case sessionID = "session_id"
        case userID = "user_id"
        case firstName = "first_name"
        case lastName = "last_name"
        case createdAt = "created_at"
    }

    /// Every key is written, null when unknown, as the original bot did.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionID, forKey: .sessionID)
        try container.encode(userID, forKey: .userID)
        try container.encode(message, forKey: .message)
        try container.encode(response, forKey: .response)
        try container.encode(firstName, forKey: .firstName)
        try container.encode(lastName, forKey: .lastName)
        try container.encode(username, forKey: .username)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(action, forKey: .action)
        try container.encode(factor, forKey: .factor)
    }
}

/// The data of a `mode_changed` event.
struct ModeChangedData: Encodable, Sendable {
    /// The chat.
    var chatID: String
    /// "bot" or "operator".
    var mode: String

    /// The JSON names.
    enum CodingKeys: String, CodingKey {
        case mode
        case chatID = "chat_id"
    }
}
