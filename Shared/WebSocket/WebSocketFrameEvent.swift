/// One step of frame decoding, in wire order: a start, zero or more payload chunks, an end.
public enum WebSocketFrameEvent {
    /// A complete, validated header; `payloadLength` bytes of payload follow.
    case frameStart(WebSocketFrameHeader)
    /// Some of the current frame's payload (never empty); see ``WebSocketPayloadChunk``.
    case payload(WebSocketPayloadChunk)
    /// The current frame's payload is complete (given again for convenience).
    case frameEnd(WebSocketFrameHeader)
}
