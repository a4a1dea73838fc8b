/// A press of an inline keyboard button (Bot API `CallbackQuery`). It must always be
/// answered with `answerCallbackQuery`, or the user's button keeps spinning.
public struct CallbackQuery: Codable, Sendable, Equatable {
    /// The query's id, passed back to `answerCallbackQuery`.
    public var id: String
    /// Who pressed the button.
    public var from: User
    /// The message the button was attached to, when it is not too old.
    public var message: Message?
    /// The button's `callback_data`.
    public var data: String?

    /// Creates a callback query.
    public init(id: String, from: User, message: Message? = nil, data: String? = nil) {
        self.id = id
        self.from = from
        self.message = message
        self.data = data
    }

    /// The Bot API's field names.
    enum CodingKeys: String, CodingKey {
        case id, from, message, data
    }

    /// Decodes tolerantly: an inaccessible or odd `message` is dropped, not fatal.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        from = try container.decode(User.self, forKey: .from)
        message = try? container.decodeIfPresent(Message.self, forKey: .message)
        data = try? container.decodeIfPresent(String.self, forKey: .data)
    }
}
