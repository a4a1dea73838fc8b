/// The frames of `/contact`, the original contact-service dialect (CONTRACT §6). Field
/// names are the contract's; existing widgets read them.
enum ContactFrames {
    /// `{"type":"connection_established","message","client_id","timestamp"}`.
    /// The message is in the visitor's language (`texts`); the fields never change.
    static func established(clientID: String, texts: VisitorTexts) -> String {
        FrameJSON.encode(Established(message: texts.connected, clientID: clientID, timestamp: VisitorTimestamp.now()))
    }

    /// `{"type":"contact_request_received","message","timestamp"}`, in the visitor's language.
    static func contactRequestReceived(texts: VisitorTexts) -> String {
        notice("contact_request_received", texts.contactReceived)
    }

    /// `{"type":"chat_message_received","message","timestamp"}`, echoing the visitor's text.
    static func chatMessageReceived(_ text: String) -> String {
        notice("chat_message_received", text)
    }

    /// `{"type":"chat_message","message","timestamp","sender"}`: an answer to show. `sender`
    /// ("bot" or "operator") is an addition the original lacked; widgets that do not know
    /// it ignore it, the desk's own widget marks operator replies as from a person.
    static func chatMessage(_ text: String, sender: String) -> String {
        FrameJSON.encode(ChatMessage(message: text, timestamp: VisitorTimestamp.now(), sender: sender))
    }

    /// `{"type":"pong","timestamp"}`.
    static func pong() -> String {
        FrameJSON.encode(Pong(timestamp: VisitorTimestamp.now()))
    }

    private static func notice(_ type: String, _ message: String) -> String {
        FrameJSON.encode(Notice(type: type, message: message, timestamp: VisitorTimestamp.now()))
    }

    private struct Established: Encodable {
        let type = "connection_established"
        let message: String
        let clientID: String
        let timestamp: String

        enum CodingKeys: String, CodingKey {
            case type, message, timestamp
            case clientID = "client_id"
        }
    }

    private struct Notice: Encodable {
        let type: String
        let message: String
        let timestamp: String
    }

    private struct ChatMessage: Encodable {
        let type = "chat_message"
        let message: String
        let timestamp: String
        let sender: String
    }

    /// Shared with the IM dialect, whose pong has the same shape.
    struct Pong: Encodable {
        let type = "pong"
        let timestamp: String
    }
}
