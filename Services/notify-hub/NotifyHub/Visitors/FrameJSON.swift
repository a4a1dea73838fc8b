import Foundation

/// JSON text for the frames and bodies the hub builds from `Encodable` shapes: keys sorted
/// (stable output for tests and caches), slashes unescaped.
enum FrameJSON {
    /// The JSON text of `value`. The shapes are plain strings, numbers and arrays of them,
    /// which always encode; the fallback only keeps the call sites free of `try`.
    static func encode<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses a client's text as a JSON object; nil when it is not one.
    static func object(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }
}
