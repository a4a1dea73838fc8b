/// Turns bytes arriving in arbitrary chunks into whole ``WebSocketFrame``s.
///
/// A thin layer over ``WebSocketFrameDecoder`` that buffers each frame's payload. Meant
/// for tests and the blocking test client, where convenience beats the session's
/// copy-once path.
public struct WebSocketFrameCollector: Sendable {
    private var decoder: WebSocketFrameDecoder
    private var payload: [UInt8] = []

    /// A collector for `role` refusing frames over `maxFrameBytes`.
    public init(role: WebSocketRole, maxFrameBytes: Int = WebSocketLimits.default.maxFrameBytes) {
        decoder = WebSocketFrameDecoder(role: role, maxFrameBytes: maxFrameBytes)
    }

    /// Whether no partial frame is pending.
    public var isAtFrameBoundary: Bool { decoder.isAtFrameBoundary }

    /// Feeds `bytes` and returns the frames they complete, in order.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) throws(WebSocketProtocolError) -> [WebSocketFrame] {
        var frames: [WebSocketFrame] = []
        var offset = 0
        while let event = try decoder.nextEvent(in: bytes, offset: &offset) {
            switch event {
            case .frameStart:
                payload.removeAll(keepingCapacity: true)
            case .payload(let chunk):
                chunk.appendUnmasked(to: &payload)
            case .frameEnd(let header):
                frames.append(WebSocketFrame(opcode: header.opcode, payload: payload, isFinal: header.isFinal))
            }
        }
        return frames
    }

    /// Feeds a byte array and returns the frames it completes, in order.
    public mutating func append(_ bytes: [UInt8]) throws(WebSocketProtocolError) -> [WebSocketFrame] {
        // `Array.withUnsafeBytes` only rethrows untyped errors, hence the detour through `Result`.
        try bytes.withUnsafeBytes { raw in
            Result { () throws(WebSocketProtocolError) -> [WebSocketFrame] in try append(raw) }
        }.get()
    }
}
