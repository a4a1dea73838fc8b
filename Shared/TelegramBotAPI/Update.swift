/// One incoming update (Bot API `Update`). Only the kinds this suite handles are decoded;
/// any other kind, or a part that does not decode, leaves every field nil, so an update
/// Telegram adds tomorrow is skipped, never fatal.
public struct Update: Codable, Sendable, Equatable {
    /// The update's id; increases by one per update, used as the getUpdates offset.
    public var updateID: Int64
    /// A new incoming message.
    public var message: Message?
    /// A new version of a message the bot saw before.
    public var editedMessage: Message?
    /// An inline keyboard button press.
    public var callbackQuery: CallbackQuery?

    /// Creates an update; set exactly one of the optional fields.
    public init(
        updateID: Int64, message: Message? = nil, editedMessage: Message? = nil, callbackQuery: CallbackQuery? = nil
    ) {
        self.updateID = updateID
        self.message = message
        self.editedMessage = editedMessage
        self.callbackQuery = callbackQuery
    }

    /// The Bot API's field names.
    enum CodingKeys: String, CodingKey {
        case updateID = "update_id"
        case message
        case editedMessage = "edited_message"
        case callbackQuery = "callback_query"
    }

    /// Decodes tolerantly: only `update_id` is required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        updateID = try container.decode(Int64.self, forKey: .updateID)
        message = try? container.decodeIfPresent(Message.self, forKey: .message)
        editedMessage = try? container.decodeIfPresent(Message.self, forKey: .editedMessage)
        callbackQuery = try? container.decodeIfPresent(CallbackQuery.self, forKey: .callbackQuery)
    }

    /// The update kinds the gateway asks for (`allowed_updates`), so Telegram does not
    /// send what would only be skipped.
    public static let handledKinds = ["message", "edited_message", "callback_query"]

    /// The chat the update belongs to, if any: used to keep one chat's updates in order.
    public var chatID: Int64? {
        message?.chat.id ?? editedMessage?.chat.id ?? callbackQuery?.message?.chat.id ?? callbackQuery?.from.id
    }
}
