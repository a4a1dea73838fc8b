/// A chat (Bot API `Chat`): a private dialogue, a group, a supergroup or a channel.
public struct Chat: Codable, Sendable, Equatable {
    /// The kinds of chat; anything new Telegram adds decodes as `.other`.
    public enum Kind: String, Codable, Sendable {
        case `private`, group, supergroup, channel, other

        /// Decodes an unknown kind as `.other` instead of failing.
        public init(from decoder: any Decoder) throws {
            self = Kind(rawValue: try decoder.singleValueContainer().decode(String.self)) ?? .other
        }
    }

    /// The chat id: positive for users, negative for groups and channels.
    public var id: Int64
    /// What kind of chat it is.
    public var type: Kind
    /// The title of a group or channel.
    public var title: String?
    /// The username of a private chat, supergroup or channel.
    public var username: String?
    /// True for a supergroup with topics enabled (forum).
    public var isForum: Bool?

    /// Creates a chat.
    public init(id: Int64, type: Kind, title: String? = nil, username: String? = nil, isForum: Bool? = nil) {
        self.id = id
        self.type = type
        self.title = title
        self.username = username
        self.isForum = isForum
    }

    /// The Bot API's field names.
    enum CodingKeys: String, CodingKey {
        case id, type, title, username
        case isForum = "is_forum"
    }

    /// Decodes tolerantly: a missing or unknown `type` becomes `.other`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int64.self, forKey: .id)
        type = (try? container.decodeIfPresent(Kind.self, forKey: .type)) ?? .other
        title = try? container.decodeIfPresent(String.self, forKey: .title)
        username = try? container.decodeIfPresent(String.self, forKey: .username)
        isForum = try? container.decodeIfPresent(Bool.self, forKey: .isForum)
    }

    /// Whether Telegram's per-group limit (20 messages a minute) applies rather than the
    /// private-chat one: groups, supergroups and channels have negative ids.
    public static func isGroup(id: Int64) -> Bool { id < 0 }
}
