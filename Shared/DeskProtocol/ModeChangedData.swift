import Domain

/// The data of a `mode_changed` event: a chat moved between bot and operator. Published by
/// ingest-api (a mode set through its API) and the gateway (a user's switch); read by
/// operator-relay (the hand-off or its end) and dashboards.
public struct ModeChangedData: Codable, Sendable, Equatable {
    /// The chat.
    public var chatID: String
    /// Its mode now.
    public var mode: ChatMode

    public init(chatID: String, mode: ChatMode) {
        self.chatID = chatID
        self.mode = mode
    }

    /// The JSON names.
    enum CodingKeys: String, CodingKey {
        case mode
        case chatID = "chat_id"
    }
}
