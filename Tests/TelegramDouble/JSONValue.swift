import Foundation

/// Reading JSONSerialization's untyped values the way the Bot API accepts them.
enum JSONValue {
    /// The request body as an object; an empty body is an empty object.
    static func object(_ body: [UInt8]) -> [String: Any]? {
        if body.isEmpty { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// An integer given as a JSON number or a numeric string (Telegram accepts both).
    static func int64(_ value: Any?) -> Int64? {
        if let number = value as? NSNumber { return number.int64Value }
        if let text = value as? String { return Int64(text) }
        return nil
    }

    /// A string value.
    static func string(_ value: Any?) -> String? { value as? String }

    /// JSON text of a value, or nil.
    static func text(_ value: Any?) -> String? {
        guard let value, JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// A JSON string literal of `text`.
    static func quoted(_ text: String) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: [text], options: []) else { return "\"\"" }
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
