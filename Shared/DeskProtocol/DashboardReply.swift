/// One entry of the dashboard replies' stream (`DeskRedisNames.dashboardReplies`): an
/// operator's reply written on the dashboard (`{"type":"reply",…}`, CONTRACT §6). notify-hub
/// queues it; operator-relay delivers it like a Telegram operator's answer.
///
/// Fields: `chat_id`, `text`, `source` (always "dashboard").
public struct DashboardReply: Sendable, Equatable {
    /// The chat answered.
    public var chatID: String
    /// The answer.
    public var text: String
    /// Where it was written.
    public var source: String

    public init(chatID: String, text: String, source: String = "dashboard") {
        self.chatID = chatID
        self.text = text
        self.source = source
    }

    /// The field names.
    enum Field {
        static let chatID = "chat_id"
        static let text = "text"
        static let source = "source"
    }

    /// The entry's fields in the order written (XADD's field-value pairs).
    public var fields: [(name: String, value: String)] {
        [(Field.chatID, chatID), (Field.text, text), (Field.source, source)]
    }

    /// Reads an entry's fields; nil when the chat or the text is missing (an empty text is
    /// a reply still; an empty chat is not). A missing source is the dashboard.
    public init?(fields: [String: String]) {
        guard let chatID = fields[Field.chatID], !chatID.isEmpty, let text = fields[Field.text] else { return nil }
        self.init(chatID: chatID, text: text, source: fields[Field.source] ?? "dashboard")
    }
}
