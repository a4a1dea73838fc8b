import Foundation

/// The Bot API's answer envelope, rendered.
enum BotReply {
    /// `{"ok":true,"result":…}` for a result that JSONSerialization can write.
    static func ok(_ result: Any) -> String {
        let envelope: [String: Any] = ["ok": true, "result": result]
        guard let data = try? JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys]) else {
            return "{\"ok\":true,\"result\":true}"
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `{"ok":false,"error_code":…,"description":…,"parameters":{"retry_after":…}}`.
    static func error(_ code: Int, _ description: String, retryAfter: Int? = nil) -> String {
        var envelope: [String: Any] = ["ok": false, "error_code": code, "description": description]
        if let retryAfter { envelope["parameters"] = ["retry_after": retryAfter] }
        guard let data = try? JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys]) else {
            return "{\"ok\":false,\"error_code\":\(code)}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
