import Foundation
import JSONEscaping

/// What a dashboard may send on `/notify` besides `keepalive` (CONTRACT §6).
enum DashboardCommand: Equatable {
    case ping
    /// An operator reply from the dashboard, same path as a Telegram operator reply.
    case reply(chatID: String, text: String)
    /// Anything else: answered with `{"type":"error"}`, the socket stays open.
    case invalid(String)

    static func parse(_ text: String) -> DashboardCommand {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            return .invalid("expected a JSON object")
        }
        switch object["type"] as? String {
        case "ping":
            return .ping
        case "reply":
            guard let chatID = object["chat_id"] as? String ?? (object["chat_id"] as? NSNumber)?.stringValue,
                !chatID.isEmpty
            else { return .invalid("reply needs chat_id") }
            guard let message = object["text"] as? String, !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else { return .invalid("reply needs a non-empty text") }
            return .reply(chatID: chatID, text: message)
        case let type?:
            return .invalid("unknown message type '\(type)'")
        case nil:
            return .invalid("missing type")
        }
    }
}

/// The `{"type":"error","message":…}` frame of every dialect.
enum ClientError {
    static func json(_ message: String) -> String {
        "{\"type\":\"error\",\"message\":\(JSONEscaping.quoted(message))}"
    }
}
