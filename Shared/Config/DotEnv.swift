import Foundation

/// Reads a `.env` file: `NAME=value` lines, `#` comments, optional `export `, values
/// optionally in single quotes (taken literally) or double quotes (with \n, \" and \\).
public enum DotEnv {
    /// The variables of the file at `path`, or none when it does not exist.
    public static func load(path: String) throws(ConfigError) -> [String: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(setting: path, message: "cannot be read as UTF-8 text")
        }
        return try parse(text, source: path)
    }

    /// Parses the text of a `.env` file.
    public static func parse(_ text: String, source: String = ".env") throws(ConfigError) -> [String: String] {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigError(setting: "\(source):\(index + 1)", message: "expected NAME=value")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ConfigError(setting: "\(source):\(index + 1)", message: "invalid variable name")
            }
            values[name] = try value(String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces), line: index + 1, source: source)
        }
        return values
    }

    private static func value(_ raw: String, line: Int, source: String) throws(ConfigError) -> String {
        if raw.hasPrefix("'") {
            guard raw.count >= 2, raw.hasSuffix("'") else {
                throw ConfigError(setting: "\(source):\(line)", message: "unterminated single quote")
            }
            return String(raw.dropFirst().dropLast())
        }
        if raw.hasPrefix("\"") {
            guard raw.count >= 2, raw.hasSuffix("\"") else {
                throw ConfigError(setting: "\(source):\(line)", message: "unterminated double quote")
            }
            var result = ""
            var escaping = false
            for character in raw.dropFirst().dropLast() {
                if escaping {
                    result.append(character == "n" ? "\n" : character == "t" ? "\t" : character)
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else {
                    result.append(character)
                }
            }
            return result
        }
        // Unquoted: a " #" starts a comment.
        if let comment = raw.range(of: " #") { return raw[..<comment.lowerBound].trimmingCharacters(in: .whitespaces) }
        return raw
    }
}
