import Foundation

/// A chat id as an operator types it: a Telegram chat's number, or a web visitor's
/// "web-…" id (CONTRACT §3).
public enum ChatReference {
    /// The chat id when `text` is one, else nil.
    public static func parse(_ text: Substring) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if Int64(trimmed) != nil { return trimmed }
        if trimmed.hasPrefix("web-"), trimmed.count > 4, trimmed.count <= 200,
            !trimmed.contains(where: { $0.isWhitespace || $0.isNewline })
        {
            return trimmed
        }
        return nil
    }
}
