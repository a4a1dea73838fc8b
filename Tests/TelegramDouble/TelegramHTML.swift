/// Telegram's HTML parse mode, as the double enforces it: only the tags Telegram supports,
/// properly nested; `<`, `>` and `&` outside tags only as entities. What passes comes out
/// as the text the user sees.
enum TelegramHTML {
    /// The tags Telegram accepts.
    static let allowedTags: Set<String> = [
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
        "blockquote", "tg-emoji",
    ]

    /// The visible text, or the "can't parse entities" description of the first problem.
    static func render(_ html: String) -> Result<String, ParseFailure> {
        var out = ""
        var open: [String] = []
        var index = html.startIndex
        var offset = 0
        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                guard let close = html[index...].firstIndex(of: ">") else {
                    return .failure(ParseFailure("Unclosed start tag at byte offset \(offset)"))
                }
                let inside = html[html.index(after: index)..<close]
                let isEnd = inside.hasPrefix("/")
                let name = String(inside.dropFirst(isEnd ? 1 : 0).prefix { $0 != " " && $0 != "/" }).lowercased()
                guard allowedTags.contains(name) else {
                    return .failure(ParseFailure("Unsupported start tag \"\(name)\" at byte offset \(offset)"))
                }
                if isEnd {
                    guard open.last == name else {
                        return .failure(ParseFailure("Unexpected end tag at byte offset \(offset)"))
                    }
                    open.removeLast()
                } else {
                    open.append(name)
                }
                offset += html[index...close].utf8.count
                index = html.index(after: close)
                continue
            }
            if character == ">" { return .failure(ParseFailure("Unexpected character '>' at byte offset \(offset)")) }
            if character == "&" {
                guard let (decoded, next) = entity(in: html, at: index) else {
                    return .failure(ParseFailure("Unsupported HTML entity at byte offset \(offset)"))
                }
                out.append(decoded)
                offset += html[index..<next].utf8.count
                index = next
                continue
            }
            out.append(character)
            offset += character.utf8.count
            index = html.index(after: index)
        }
        guard open.isEmpty else {
            return .failure(ParseFailure("Can't find end tag corresponding to start tag \"\(open[0])\""))
        }
        return .success(out)
    }

    /// A decoded entity and the index after it.
    private static func entity(in text: String, at start: String.Index) -> (Character, String.Index)? {
        guard let end = text[start...].prefix(10).firstIndex(of: ";") else { return nil }
        let name = text[text.index(after: start)..<end]
        let named: [Substring: Character] = ["lt": "<", "gt": ">", "amp": "&", "quot": "\""]
        if let character = named[name] { return (character, text.index(after: end)) }
        guard name.first == "#", let value = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(value) else {
            return nil
        }
        return (Character(scalar), text.index(after: end))
    }

    /// Why markup was refused.
    struct ParseFailure: Error {
        let reason: String
        /// Creates the failure.
        init(_ reason: String) { self.reason = reason }
    }
}
