/// The data of a `new_session` event, exactly the original admin bot's fields (CONTRACT §5).
struct NewSessionData: Encodable, Sendable {
    var sessionID: String
    var userID: String
    var message: String
    /// The answer the user got, or why there was none.
    var response: String
    var firstName: String?
    var lastName: String?
    var username: String?
    /// "YYYY-MM-DD HH:MM:SS", UTC.
    var createdAt: String
    var action = "asking_freely"
    var factor = "user"

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
    var chatID: String
    var mode: String

    enum CodingKeys: String, CodingKey {
        case mode
        case chatID = "chat_id"
    }
}
