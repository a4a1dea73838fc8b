/// Which end of the connection this code plays, deciding the masking rules of RFC 6455 §5.1.
public enum WebSocketRole: Sendable, Hashable {
    /// Receives masked frames (an unmasked one is a protocol error) and sends unmasked ones.
    case server
    /// Receives unmasked frames (a masked one is a protocol error) and masks everything it sends.
    case client

    /// Whether frames arriving at this end must carry a masking key.
    @inlinable
    public var expectsMaskedFrames: Bool { self == .server }
}
