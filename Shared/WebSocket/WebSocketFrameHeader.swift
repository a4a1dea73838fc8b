/// The fixed part of a frame (RFC 6455 §5.2) as the decoder saw it, reserved bits excluded.
public struct WebSocketFrameHeader: Hashable, Sendable {
    /// The FIN bit: this frame ends its message (always set on control frames).
    public var isFinal: Bool
    /// The frame type.
    public var opcode: WebSocketOpcode
    /// The number of payload bytes that follow the header.
    public var payloadLength: Int
    /// The client's masking key, `nil` for unmasked (server) frames.
    public var maskingKey: WebSocketMaskingKey?

    /// A header with every field given.
    public init(isFinal: Bool, opcode: WebSocketOpcode, payloadLength: Int, maskingKey: WebSocketMaskingKey?) {
        self.isFinal = isFinal
        self.opcode = opcode
        self.payloadLength = payloadLength
        self.maskingKey = maskingKey
    }
}
