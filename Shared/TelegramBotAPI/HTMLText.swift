/// Text for `parse_mode` HTML: escaping user text, and turning markup back into plain text
/// for the resend after Telegram rejected the entities.
public enum HTMLText {
    /// Escapes the four characters Telegram's HTML parser treats specially, so any user
    /// text shows exactly as typed.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The text a reader would see: tags dropped, the entities Telegram knows decoded. Used
    /// when Telegram refused the markup, so the message still goes out, plainly.
    public static func plainText(fromHTML html: String) -> String {
        var out = ""
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                index = html.index(after: close)
                continue
            }
            if character == "&", let (decoded, next) = entity(in: html, at: index) {
                out.append(decoded)
                index = next
                continue
            }
            out.append(character)
            index = html.index(after: index)
        }
        return out
    }

    /// The character of the entity starting at `start` ("&amp;", "&#60;", "&#x3C;") and the index after it.
    static func entity(in text: String, at start: String.Index) -> (Character, String.Index)? {
        guard let semicolon = text[start...].prefix(12).firstIndex(of: ";") else { return nil }
        let name = text[text.index(after: start)..<semicolon]
        let named: [Substring: Character] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\""]
        if let character = named[name] { return (character, text.index(after: semicolon)) }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value =
            digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        guard let value, let scalar = Unicode.Scalar(value) else { return nil }
        return (Character(scalar), text.index(after: semicolon))
    }
}
