import Domain
import Foundation

/// The events of CONTRACT §5 the relay acts on, read from their JSON text.
enum DeskEvent: Sendable, Equatable {
    /// A question the desk could not answer: alert the admins.
    case newSession(NewSession)
    /// A chat changed mode.
    case modeChanged(chatID: String, mode: ChatMode)
    /// A message stored in a chat's history.
    case message(ChatMessage)

    /// The `data` of `new_session` (the original admin-bot fields the alert uses).
    struct NewSession: Decodable, Sendable, Equatable {
        var sessionID: String?
        var userID: String?
        var message: String?
        var response: String?
        var firstName: String?
        var lastName: String?
        var username: String?

        /// The JSON names.
        enum CodingKeys: String, CodingKey {
            case message, response, username
            case sessionID = "session_id"
            case userID = "user_id"
            case firstName = "first_name"
            case lastName = "last_name"
        }

        /// The user as the contract's shape, for the name.
        var user: ChatUser { ChatUser(id: userID, firstName: firstName, lastName: lastName, username: username) }
    }

    /// The event types the relay reads; the others are skipped without a claim.
    static let types: Set<String> = ["new_session", "mode_changed", "message"]

    /// The event's type, if the text is an event at all.
    static func type(of json: String) -> String? {
        try? JSONDecoder().decode(Head.self, from: Data(json.utf8)).type
    }

    /// The event, nil for another type or a malformed one.
    static func decode(_ json: String) -> DeskEvent? {
        let data = Data(json.utf8)
        let decoder = JSONDecoder()
        switch type(of: json) {
        case "new_session":
            return (try? decoder.decode(Envelope<NewSession>.self, from: data)).map { .newSession($0.data) }
        case "mode_changed":
            guard let body = try? decoder.decode(Envelope<ModeData>.self, from: data) else { return nil }
            return .modeChanged(chatID: body.data.chatID, mode: body.data.mode)
        case "message":
            return (try? decoder.decode(Envelope<ChatMessage>.self, from: data)).map { .message($0.data) }
        default:
            return nil
        }
    }

    /// `{"type": …}`.
    private struct Head: Decodable {
        var type: String
    }

    /// `{"data": …}`.
    private struct Envelope<Body: Decodable>: Decodable {
        var data: Body
    }

    /// The data of `mode_changed`.
    private struct ModeData: Decodable {
        var chatID: String
        var mode: ChatMode

        /// The JSON names.
        enum CodingKeys: String, CodingKey {
            case mode
            case chatID = "chat_id"
        }
    }
}
