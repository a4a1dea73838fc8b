import Domain
import Foundation

/// What a `/contact` visitor may send (CONTRACT §6).
enum ContactCommand: Equatable {
    /// `{"type":"contact_request","message","timestamp","userAgent"}`: call a human.
    /// The optional `name` (or `first_name`/`last_name`) and `email` fill the event's names.
    case contactRequest(ContactRequest)
    /// `{"type":"chat_message","message","timestamp"}`.
    case chatMessage(String)
    /// `{"type":"ping"}`.
    case ping
    /// Anything else: answered with an error frame, the socket stays open.
    case invalid(String)

    /// The fields of a contact request the desk uses.
    struct ContactRequest: Equatable {
        /// What the visitor wrote.
        var message: String
        /// The names the widget may send along.
        var firstName: String?
        var lastName: String?
        var username: String?
    }

    /// Reads one text frame.
    static func parse(_ text: String) -> ContactCommand {
        guard let object = FrameJSON.object(text) else { return .invalid("expected a JSON object") }
        switch object["type"] as? String {
        case "ping":
            return .ping
        case "chat_message":
            guard let message = nonEmpty(object["message"]) else {
                return .invalid("chat_message needs a non-empty message")
            }
            guard message.unicodeScalars.count <= MessageLimits.maxTextLength else {
                return .invalid("message is longer than \(MessageLimits.maxTextLength) characters")
            }
            return .chatMessage(message)
        case "contact_request":
            guard let message = nonEmpty(object["message"]) else {
                return .invalid("contact_request needs a non-empty message")
            }
            guard message.unicodeScalars.count <= MessageLimits.maxTextLength else {
                return .invalid("message is longer than \(MessageLimits.maxTextLength) characters")
            }
            return .contactRequest(
                ContactRequest(
                    message: message, firstName: nonEmpty(object["first_name"]) ?? nonEmpty(object["name"]),
                    lastName: nonEmpty(object["last_name"]),
                    username: nonEmpty(object["username"]) ?? nonEmpty(object["email"])))
        case let type?:
            return .invalid("unknown message type '\(type)'")
        case nil:
            return .invalid("missing type")
        }
    }

    /// A string with something besides white space in it.
    private static func nonEmpty(_ value: Any?) -> String? {
        guard let text = value as? String, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return nil
        }
        return text
    }
}
