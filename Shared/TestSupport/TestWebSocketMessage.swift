import WebSocket

/// A whole message (or the close) as ``TestWebSocketClient`` received it.
public enum TestWebSocketMessage: Hashable, Sendable {
    /// A text message.
    case text(String)
    /// A binary message.
    case binary([UInt8])
    /// The server's close frame: its code (`nil` when none) and reason.
    case close(code: WebSocketCloseCode?, reason: String)
}
