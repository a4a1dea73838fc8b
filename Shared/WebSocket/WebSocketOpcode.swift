/// The four-bit frame type of RFC 6455 §5.2, limited to the opcodes the RFC defines.
///
/// The reserved opcodes (3–7, 11–15) have no case: the decoder rejects them with
/// ``WebSocketCloseCode/protocolError`` because no extension is ever negotiated.
public enum WebSocketOpcode: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// A later fragment of a text or binary message.
    case continuation = 0x0
    /// The first (or only) frame of a UTF-8 text message.
    case text = 0x1
    /// The first (or only) frame of a binary message.
    case binary = 0x2
    /// The close handshake frame, optionally carrying a code and a reason.
    case close = 0x8
    /// A liveness probe; the peer answers with a pong carrying the same payload.
    case ping = 0x9
    /// The answer to a ping (or an unsolicited heartbeat).
    case pong = 0xA

    /// Whether this is a control frame (close, ping, pong): never fragmented, at most 125 payload bytes.
    @inlinable
    public var isControl: Bool { rawValue & 0x8 != 0 }

    /// The lower-case RFC name, for logs.
    public var description: String {
        switch self {
        case .continuation: "continuation"
        case .text: "text"
        case .binary: "binary"
        case .close: "close"
        case .ping: "ping"
        case .pong: "pong"
        }
    }
}
