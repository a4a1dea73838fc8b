/// A whole frame with its payload unmasked, for tests and the blocking test client.
///
/// The server's hot path never builds these: it works on ``WebSocketFrameEvent``s.
public struct WebSocketFrame: Hashable, Sendable {
    /// The FIN bit.
    public var isFinal: Bool
    /// The frame type.
    public var opcode: WebSocketOpcode
    /// The payload, unmasked.
    public var payload: [UInt8]

    /// A frame with every field given; final by default.
    public init(opcode: WebSocketOpcode, payload: [UInt8], isFinal: Bool = true) {
        self.isFinal = isFinal
        self.opcode = opcode
        self.payload = payload
    }

    /// The frame's wire bytes, masked with `maskingKey` when one is given.
    public func encoded(maskingKey: WebSocketMaskingKey? = nil) -> [UInt8] {
        WebSocketFrameEncoder.encode(opcode: opcode, payload: payload, isFinal: isFinal, maskingKey: maskingKey)
    }
}
