import Foundation

/// One message to a web visitor, as operator-relay publishes it on the visitor's channel
/// (`EventKeys.visitorPrefix` + chat id) and notify-hub reads it:
/// `{"text":"…","sender":"operator","timestamp":"YYYY-MM-DD HH:MM:SS"}`.
public struct VisitorReply: Codable, Sendable, Equatable {
    /// What the visitor reads.
    public var text: String
    /// Who wrote it: "operator" (the only sender today; the hub shows it as from a person).
    public var sender: String
    /// When it was written (CONTRACT §5 format); the hub uses its own clock when absent.
    public var timestamp: String?

    /// A reply from `sender`, stamped now.
    public init(text: String, sender: String = "operator", timestamp: String? = EventTimestamp.now()) {
        self.text = text
        self.sender = sender
        self.timestamp = timestamp
    }

    /// The JSON text published.
    public func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding three strings cannot fail; the fallback keeps the signature non-throwing.
        return (try? Array(encoder.encode(self))) ?? Array("{}".utf8)
    }

    /// Reads a published reply; nil when the payload is not one (logged by the caller).
    public static func decode(_ bytes: [UInt8]) -> VisitorReply? {
        guard let reply = try? JSONDecoder().decode(VisitorReply.self, from: Data(bytes)),
            !reply.text.isEmpty
        else { return nil }
        return reply
    }
}
