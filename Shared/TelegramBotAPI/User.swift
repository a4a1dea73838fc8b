/// A Telegram user or bot (Bot API `User`); fields this suite does not use are ignored.
public struct User: Codable, Sendable, Equatable {
    /// The user's id, stable across chats.
    public var id: Int64
    /// True for bots.
    public var isBot: Bool
    /// The first name; always present for real users.
    public var firstName: String
    /// The last name, if the user set one.
    public var lastName: String?
    /// The @username without "@", if any.
    public var username: String?
    /// The IETF language tag of the user's client ("ru", "en-US"), if known.
    public var languageCode: String?

    /// Creates a user; only the id and the first name are required.
    public init(
        id: Int64, isBot: Bool = false, firstName: String, lastName: String? = nil, username: String? = nil,
        languageCode: String? = nil
    ) {
        self.id = id
        self.isBot = isBot
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.languageCode = languageCode
    }

    /// The Bot API's field names.
    enum CodingKeys: String, CodingKey {
        case id, username
        case isBot = "is_bot"
        case firstName = "first_name"
        case lastName = "last_name"
        case languageCode = "language_code"
    }

    /// Decodes tolerantly: `is_bot` and `first_name` default when a sender omits them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int64.self, forKey: .id)
        isBot = (try? container.decodeIfPresent(Bool.self, forKey: .isBot)) ?? false
        firstName = (try? container.decodeIfPresent(String.self, forKey: .firstName)) ?? ""
        lastName = try? container.decodeIfPresent(String.self, forKey: .lastName)
        username = try? container.decodeIfPresent(String.self, forKey: .username)
        languageCode = try? container.decodeIfPresent(String.self, forKey: .languageCode)
    }
}
