import Domain
import Foundation

/// What a web IM client may send (CONTRACT §6).
enum PipelineCommand: Equatable {
    /// `{"type":"message","message":[{"type":"Plain","text":"…"}]}`: the text of its
    /// Plain elements, joined, and those elements.
    case message(text: String, chain: [PipelineMessage.ChainItem])
    /// `{"type":"ping"}`.
    case ping
    /// `{"type":"disconnect"}`: closed with 1000.
    case disconnect
    /// Anything else: answered with an error frame, the socket stays open.
    case invalid(String)

    /// Reads one text frame.
    static func parse(_ text: String) -> PipelineCommand {
        guard let object = FrameJSON.object(text) else { return .invalid("expected a JSON object") }
        switch object["type"] as? String {
        case "ping":
            return .ping
        case "disconnect":
            return .disconnect
        case "message":
            return message(object["message"])
        case let type?:
            return .invalid("unknown message type '\(type)'")
        case nil:
            return .invalid("missing type")
        }
    }

    /// Reads a message chain; other element types (images, files) are not supported here.
    private static func message(_ value: Any?) -> PipelineCommand {
        guard let elements = value as? [Any] else {
            return .invalid("message must be a list like [{\"type\":\"Plain\",\"text\":\"…\"}]")
        }
        var chain: [PipelineMessage.ChainItem] = []
        for element in elements {
            guard let item = element as? [String: Any], let type = item["type"] as? String else {
                return .invalid("each message element needs a type")
            }
            guard type == "Plain" else { return .invalid("unsupported message element '\(type)'; send Plain text") }
            guard let text = item["text"] as? String else { return .invalid("a Plain element needs a text") }
            chain.append(.plain(text))
        }
        let text = chain.map(\.text).joined()
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return .invalid("message has no text")
        }
        // Checked here, before the text is kept or sent anywhere (ingest-api's own limit).
        guard text.unicodeScalars.count <= MessageLimits.maxTextLength else {
            return .invalid("message is longer than \(MessageLimits.maxTextLength) characters")
        }
        return .message(text: text, chain: chain)
    }
}
