/// JSON string quoting without Foundation's encoder, for the hot paths that write JSON by
/// hand (log lines, error bodies, event envelopes).
public enum JSONEscaping {
    /// Appends `text` as a quoted JSON string, escaping quotes, backslashes and control characters.
    public static func appendQuoted(_ text: String, to out: inout String) {
        out.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            // The short forms, as JSONEncoder and PostgreSQL's to_json write them (ingest's
            // events are written by both: EventJSONParityTests holds them to the same bytes).
            case "\u{8}": out.append("\\b")
            case "\u{C}": out.append("\\f")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }

    /// `text` as a quoted JSON string.
    public static func quoted(_ text: String) -> String {
        var out = ""
        appendQuoted(text, to: &out)
        return out
    }
}
