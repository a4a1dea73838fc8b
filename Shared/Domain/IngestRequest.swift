/// The body of `POST /api/ingest` (CONTRACT §3). Only `text` is required.
public struct IngestRequest: Codable, Sendable, Equatable {
    public var text: String
    /// ru, kk (kz accepted), en, vi, zh…; detected from the text when absent.
    public var language: String?
    /// telegram, web or api (the default).
    public var channel: String?
    public var chatID: String?
    public var user: ChatUser?

    public init(text: String, language: String? = nil, channel: String? = nil, chatID: String? = nil, user: ChatUser? = nil) {
        self.text = text
        self.language = language
        self.channel = channel
        self.chatID = chatID
        self.user = user
    }

    enum CodingKeys: String, CodingKey {
        case text, language, channel, user
        case chatID = "chat_id"
    }
}
