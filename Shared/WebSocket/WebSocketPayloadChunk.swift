/// A run of payload bytes found by the decoder, still masked, pointing into the caller's input.
///
/// The decoder never copies payload: the consumer copies each chunk once, straight
/// into wherever the bytes belong (a message buffer, a control-frame buffer), and
/// unmasks it there. The pointer is valid only as long as the input buffer given to
/// ``WebSocketFrameDecoder/nextEvent(in:offset:)`` is.
public struct WebSocketPayloadChunk {
    /// The payload bytes exactly as they arrived (masked when the frame is).
    public let maskedBytes: UnsafeRawBufferPointer
    /// The frame's key rotated to this chunk's position in the payload, `nil` for unmasked frames.
    public let maskingKey: WebSocketMaskingKey?

    /// A chunk over `maskedBytes` whose first byte takes `maskingKey`'s first byte.
    public init(maskedBytes: UnsafeRawBufferPointer, maskingKey: WebSocketMaskingKey?) {
        self.maskedBytes = maskedBytes
        self.maskingKey = maskingKey
    }

    /// The number of payload bytes in this chunk.
    @inlinable
    public var count: Int { maskedBytes.count }

    /// Appends the unmasked bytes to `buffer`: one memory copy, then the XOR in place.
    public func appendUnmasked(to buffer: inout [UInt8]) {
        guard !maskedBytes.isEmpty else { return }
        let start = buffer.count
        maskedBytes.withMemoryRebound(to: UInt8.self) { buffer.append(contentsOf: $0) }
        if let maskingKey {
            buffer.withUnsafeMutableBytes { all in
                maskingKey.apply(to: UnsafeMutableRawBufferPointer(rebasing: all[start...]))
            }
        }
    }

    /// The unmasked bytes as a new array.
    public func unmasked() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        appendUnmasked(to: &bytes)
        return bytes
    }
}
