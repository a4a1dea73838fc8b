import Domain

/// The data of a `new_session` event, exactly the original admin bot's fields (CONTRACT §5).
/// Published by ingest-api (a question that needs a human) and notify-hub (a web
/// visitor's contact request); read by operator-relay (the admins' alert) and dashboards.
public struct NewSessionData: Codable, Sendable, Equatable {
    /// The session of the question.
    public var sessionID: String
    /// The user's id, else the chat id.
    public var userID: String
    /// The question.
    public var message: String
    /// The answer the user got, or why there was none.
    public var response: String
    /// The user's first name, if known.
    public var firstName: String?
    /// The user's last name, if known.
    public var lastName: String?
    /// The user's username, if known.
    public var username: String?
    /// "YYYY-MM-DD HH:MM:SS", UTC (`EventTimestamp`).
    public var createdAt: String
    /// Always "asking_freely", as in the original bot.
    public var action: String
    /// Always "user", as in the original bot.
    public var factor: String

    public init(
        sessionID: String, userID: String, message: String, response: String, firstName: String? = nil,
        lastName: String? = nil, username: String? = nil, createdAt: String, action: String = "asking_freely",
        factor: String = "user"
    ) {
        self.sessionID = sessionID
        self.userID = userID
        self.message = message
        self.response = response
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.createdAt = createdAt
        self.action = action
        self.factor = factor
    }

    /// The user the session names, in the contract's shape (operators see its name); no id
    /// when the event carried none.
    public var user: ChatUser {
        ChatUser(id: userID.isEmpty ? nil : userID, firstName: firstName, lastName: lastName, username: username)
    }

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
    public func encode(to encoder: any Encoder) throws {
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

    /// Reads leniently: other systems may publish on the channel too (CONTRACT §5), and an
    /// alert about a question is worth more than a complete record, so a missing field is
    /// empty (or the original bot's constant) rather than a refusal.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String? { try container.decodeIfPresent(String.self, forKey: key) }
        sessionID = try text(.sessionID) ?? ""
        userID = try text(.userID) ?? ""
        message = try text(.message) ?? ""
        response = try text(.response) ?? ""
        firstName = try text(.firstName)
        lastName = try text(.lastName)
        username = try text(.username)
        createdAt = try text(.createdAt) ?? ""
        action = try text(.action) ?? "asking_freely"
        factor = try text(.factor) ?? "user"
    }
}
