import Foundation

/// One message the double accepted from the bot, as Telegram would show it.
public struct SentMessage: Sendable, Equatable {
    /// The Bot API method ("sendMessage", "copyMessage", "editMessageText").
    public var method: String
    /// The chat it went to.
    public var chatID: Int64
    /// The id the double gave it.
    public var messageID: Int64
    /// The text as the user sees it: markup parsed, entities decoded.
    public var text: String
    /// The text exactly as the bot sent it.
    public var rawText: String
    /// "HTML" or nil.
    public var parseMode: String?
    /// The `reply_markup` as JSON text, if any.
    public var replyMarkupJSON: String?
    /// The replied message, from `reply_parameters` or `reply_to_message_id`.
    public var replyToMessageID: Int64?
    /// The forum topic.
    public var messageThreadID: Int64?
    /// copyMessage: the source chat and message.
    public var fromChatID: Int64?
    /// copyMessage: the source message.
    public var sourceMessageID: Int64?
    /// When the double accepted it.
    public var time: ContinuousClock.Instant

    /// The labels of the reply keyboard, row by row, if the message carried one.
    public var keyboardLabels: [[String]]? {
        guard let json = replyMarkupJSON, let data = json.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let rows = object["keyboard"] as? [[[String: Any]]]
        else { return nil }
        return rows.map { row in row.compactMap { $0["text"] as? String } }
    }
}
