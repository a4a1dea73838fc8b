/// Where a chat lives. Telegram chats are numeric ids as strings; web visitors' chats are
/// "web-" followed by their client or connection id (CONTRACT §3).
public enum Channel: String, Codable, Sendable, CaseIterable {
    case telegram
    case web
    case api

    /// The channel a chat id belongs to, judged from its form.
    public static func of(chatID: String) -> Channel {
        if chatID.hasPrefix("web-") { return .web }
        if Int64(chatID) != nil { return .telegram }
        return .api
    }
}
