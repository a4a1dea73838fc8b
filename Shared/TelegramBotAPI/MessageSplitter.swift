/// Cuts a text longer than Telegram's limit (4096 characters per message) into parts
/// that each fit, preferring to cut after a line break, then after a space, and never
/// inside an HTML tag or entity when the text is HTML.
///
/// Length is counted in UTF-16 code units, as Telegram does, which is never less than
/// the character count. Markup spanning a cut (a `<b>` opened in one part and closed in
/// the next) is not rebalanced: Telegram then refuses that part's entities and the
/// sender resends it as plain text.
public enum MessageSplitter {
    /// Telegram's limit for a message text.
    public static let telegramLimit = 4096

    /// The parts of `text`, in order; their concatenation is `text`.
    public static func split(_ text: String, limit: Int = telegramLimit, isHTML: Bool = false) -> [String] {
        let limit = max(limit, 16)
        var parts: [String] = []
        var rest = Substring(text)
        while rest.utf16.count > limit {
            let cut = cutIndex(in: rest, limit: limit, isHTML: isHTML)
            parts.append(String(rest[..<cut]))
            rest = rest[cut...]
        }
        if !rest.isEmpty || parts.isEmpty { parts.append(String(rest)) }
        return parts
    }

    /// Where to end the next part: after the last line break or space that fits (if it
    /// keeps at least half the limit), else at the last safe character that fits.
    private static func cutIndex(in text: Substring, limit: Int, isHTML: Bool) -> Substring.Index {
        var used = 0
        var inTag = false
        var inEntity = false
        var lastBreak: Substring.Index?
        var lastSpace: Substring.Index?
        var lastSafe: Substring.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let size = character.utf16.count
            if used + size > limit { break }
            used += size
            if isHTML {
                if character == "<" { inTag = true } else if character == ">" { inTag = false }
                if character == "&" {
                    inEntity = true
                } else if character == ";" || character == " " {
                    inEntity = false
                }
            }
            index = text.index(after: index)
            guard !inTag && !inEntity else { continue }
            lastSafe = index
            if used >= limit / 2 {
                if character == "\n" { lastBreak = index } else if character == " " { lastSpace = index }
            }
        }
        // A tag longer than the whole limit cannot be kept whole: cut at the limit.
        return lastBreak ?? lastSpace ?? lastSafe ?? index
    }
}
