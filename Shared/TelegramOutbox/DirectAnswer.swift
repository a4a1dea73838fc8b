import Foundation

/// An operator's "chat_id: answer" (CONTRACT §4), read from the text of a message written
/// in the operator chat or by an admin in their chat with the bot. Shared: the relay reads
/// the answer, the gateway tells an admin's answer from the admin's own questions by it.
public enum DirectAnswer: Sendable, Equatable {
    /// The format, with a chat id: the answer is everything after the first colon (leading
    /// blanks dropped; it may be empty, which the delivery refuses with a notice).
    case answer(chatID: String, text: String)
    /// The format's shape ("word: text") but the part before the colon is no chat id.
    case badChatID(String)
    /// Not this format at all.
    case notThisFormat

    /// The longest text before the colon taken as an attempt at a chat id.
    public static let longestPrefix = 64

    /// Reads `text`.
    public static func parse(_ text: String) -> DirectAnswer {
        guard let colon = text.firstIndex(of: ":") else { return .notThisFormat }
        let head = text[..<colon].trimmingCharacters(in: .whitespaces)
        guard !head.isEmpty, head.count <= longestPrefix, !head.contains(where: { $0.isWhitespace || $0.isNewline })
        else { return .notThisFormat }
        guard let chatID = ChatReference.parse(Substring(head)) else { return .badChatID(head) }
        let answer = text[text.index(after: colon)...].drop { $0 == " " || $0 == "\t" || $0.isNewline }
        return .answer(chatID: chatID, text: String(answer))
    }
}
