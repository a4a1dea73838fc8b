import Domain
import Events
import Foundation

/// The `data` of the `new_session` event a contact request publishes, in the original
/// admin-bot format exactly (CONTRACT §5): who asked, what, and that it is a free question
/// from the user.
struct NewSessionEvent: Encodable, Sendable, Equatable {
    let sessionID: String
    let userID: String
    let message: String
    let response: String
    let firstName: String
    let lastName: String
    let username: String
    let createdAt: String
    let action: String
    let factor: String

    /// The longest name or username carried, like ingest-api's short fields.
    static let maxNameLength = 200

    enum CodingKeys: String, CodingKey {
        case message, response, username, action, factor
        case sessionID = "session_id"
        case userID = "user_id"
        case firstName = "first_name"
        case lastName = "last_name"
        case createdAt = "created_at"
    }

    /// The event of a contact request from the visitor `user` (whose id is the chat id); the
    /// message is cut to `MessageLimits.alertTextLength` with "…".
    /// A contact request has no ingest session, so it gets a fresh session id; its
    /// `response` says what the desk did instead of answering.
    init(contactRequest message: String, user: ChatUser, now: String = EventTimestamp.now()) {
        sessionID = UUID().uuidString.lowercased()
        userID = user.id ?? ""
        // Cut for the alert (it pages every admin); a visitor's names are short fields.
        self.message = MessageLimits.cut(message)
        response = "Contact request from the web chat: the visitor asks for an operator"
        firstName = MessageLimits.cut(user.firstName ?? "Web visitor", to: Self.maxNameLength)
        lastName = MessageLimits.cut(user.lastName ?? "", to: Self.maxNameLength)
        username = MessageLimits.cut(user.username ?? "", to: Self.maxNameLength)
        createdAt = now
        action = "asking_freely"
        factor = "user"
    }
}
