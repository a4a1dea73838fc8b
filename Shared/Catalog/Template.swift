/// A catalogue text with named placeholders ("Ответ оператора: {answer}").
struct Template: Sendable {
    /// The text as the catalogue has it.
    let text: String

    /// The placeholder names in `text` ("answer"): `{` a lower-case name of letters and `_` `}`.
    var placeholders: Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), Self.isName(after[..<close]) {
                names.insert(String(after[..<close]))
                rest = after[after.index(after: close)...]
            } else {
                rest = after
            }
        }
        return names
    }

    /// `text` with each placeholder replaced by its value, in one pass: a value that itself
    /// contains "{name}" (a user's text) is inserted as it is, never expanded.
    func filled(_ values: [String: String]) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), Self.isName(after[..<close]),
                let value = values[String(after[..<close])]
            {
                result += value
                rest = after[after.index(after: close)...]
            } else {
                result += "{"
                rest = after
            }
        }
        return result + rest
    }

    private static func isName(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { ($0 >= "a" && $0 <= "z") || $0 == "_" }
    }
}
