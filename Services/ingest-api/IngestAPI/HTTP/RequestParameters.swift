import HTTP1
import HTTPServer

/// Query and path parameters, validated with 400s that name the parameter.
extension HTTPRequest {
    /// `limit`: 1…`maximum`, `fallback` when absent.
    func limit(default fallback: Int = 50, maximum: Int = 200) throws -> Int {
        guard let text = query["limit"] else { return fallback }
        guard let value = Int(text), (1...maximum).contains(value) else {
            throw HTTPError.badRequest("limit must be a whole number from 1 to \(maximum)")
        }
        return value
    }

    /// `before`: the `next_before` of the previous page, a positive id.
    func before() throws -> Int64? {
        guard let text = query["before"] else { return nil }
        guard let value = Int64(text), value > 0 else {
            throw HTTPError.badRequest("before must be a positive id (the next_before of the previous page)")
        }
        return value
    }

    /// The path parameter `name` as a positive id.
    func id(_ name: String = "id") throws -> Int64 {
        guard let text = parameter(name), let value = Int64(text), value > 0 else {
            throw HTTPError.badRequest("\(name) must be a positive whole number")
        }
        return value
    }

    /// The `chat_id` path parameter, checked like a body's chat_id.
    func chatID() throws -> String {
        try IngestValidation.chatID(parameter("chat_id") ?? "")
    }
}
