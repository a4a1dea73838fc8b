import Foundation

/// JSON as the tests read it: loosely, by key.
enum JSON {
    /// The object `text` holds, or an empty one.
    static func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// `value` as JSON text (strings quoted and escaped).
    static func encode(_ value: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: value)) ?? Data(), as: UTF8.self)
    }
}
