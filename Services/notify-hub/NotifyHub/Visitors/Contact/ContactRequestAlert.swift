import DeskProtocol
import Domain
import Foundation

/// The `new_session` event a web visitor's contact request publishes (CONTRACT §5, in the
/// original admin-bot format): who asked, what, and that it is a free question from the user.
extension NewSessionData {
    /// The longest name or username carried, like ingest-api's short fields.
    static let maxNameLength = 200

    /// The event data of a contact request from the visitor `user` (whose id is the chat
    /// id); the message is cut to `MessageLimits.alertTextLength` with "…". A contact
    /// request has no ingest session, so it gets a fresh session id; its `response` says
    /// what the desk did instead of answering. Names are never null: the alert names a
    /// visitor who gave none "Web visitor".
    static func contactRequest(_ message: String, user: ChatUser, now: String = EventTimestamp.now()) -> Self {
        // Cut for the alert (it pages every admin); a visitor's names are short fields.
        NewSessionData(
            sessionID: UUID().uuidString.lowercased(), userID: user.id ?? "", message: MessageLimits.cut(message),
            response: "Contact request from the web chat: the visitor asks for an operator",
            firstName: MessageLimits.cut(user.firstName ?? "Web visitor", to: maxNameLength),
            lastName: MessageLimits.cut(user.lastName ?? "", to: maxNameLength),
            username: MessageLimits.cut(user.username ?? "", to: maxNameLength), createdAt: now)
    }
}
