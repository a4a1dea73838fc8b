/// Lengths every process agrees on for what users write.
public enum MessageLimits {
    /// The longest message text accepted, in Unicode scalars: ingest-api's limit
    /// (IngestValidation.maxTextLength reads it), which notify-hub applies before it stores or
    /// forwards anything a web visitor sends (Telegram's own limit is 4,096).
    public static let maxTextLength = 10_000
    /// The longest user text an admin alert carries, in Unicode scalars: a screenful, so
    /// an alert stays one Telegram message and readable; the whole text is in the chat.
    public static let alertTextLength = 1_000

    /// `text` cut to `limit` Unicode scalars, ending with "…" when it was cut.
    public static func cut(_ text: String, to limit: Int = alertTextLength) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        var kept = String.UnicodeScalarView(scalars.prefix(max(0, limit - 1)))
        kept.append("…")
        return String(kept)
    }
}
