/// What the I/O layer must do after ``WebSocketSession`` processed some input, in order.
public enum WebSocketAction: Hashable, Sendable {
    /// A complete, valid text message arrived.
    case text(String)
    /// A complete binary message arrived.
    case binary([UInt8])
    /// A ping arrived (with its payload); its pong is already in the `.send` that follows.
    /// Useful as a sign of life.
    case ping([UInt8])
    /// A pong arrived (with its payload): the peer is alive.
    case pong([UInt8])
    /// Bytes to write to the peer, after anything queued before them (a pong, a close).
    case send([UInt8])
    /// The peer's close frame arrived: its code (`nil` when it sent none) and reason.
    case closeReceived(code: WebSocketCloseCode?, reason: String)
    /// The peer broke the protocol; a close frame with the error's code follows when one can
    /// still be sent. For logs and metrics.
    case protocolError(WebSocketProtocolError)
    /// The WebSocket is finished: close the TCP connection once the pending writes have
    /// been flushed (so the close frame reaches the peer). No further actions follow.
    case closeConnection
}
