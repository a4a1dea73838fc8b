/// Builds frames as ready-to-write bytes.
///
/// Server frames are unmasked, so one encoded frame can be written unchanged to any
/// number of connections: encode a broadcast once, share the array. Client frames
/// (the test client, the session in client role) pass a masking key.
public enum WebSocketFrameEncoder {
    /// The largest payload of a control frame (RFC 6455 §5.5).
    public static let maxControlPayloadLength = 125

    /// The header size for a payload of `payloadLength` bytes: 2, 4 or 10 bytes, plus 4 with a mask.
    @inlinable
    public static func headerLength(payloadLength: Int, isMasked: Bool) -> Int {
        let base = payloadLength < 126 ? 2 : (payloadLength <= 0xFFFF ? 4 : 10)
        return isMasked ? base + 4 : base
    }

    /// Writes a frame header into `buffer` (which must hold ``headerLength(payloadLength:isMasked:)``
    /// bytes) and returns the number of bytes written.
    ///
    /// For callers that place the header in front of a payload they already own
    /// (for example in a write buffer) instead of building a new array.
    public static func writeHeader(
        opcode: WebSocketOpcode, payloadLength: Int, isFinal: Bool, maskingKey: WebSocketMaskingKey?,
        into buffer: UnsafeMutableRawBufferPointer
    ) -> Int {
        let length = headerLength(payloadLength: payloadLength, isMasked: maskingKey != nil)
        precondition(buffer.count >= length && payloadLength >= 0, "header buffer too small")
        buffer[0] = (isFinal ? 0x80 : 0) | opcode.rawValue
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        var index: Int
        if payloadLength < 126 {
            buffer[1] = maskBit | UInt8(payloadLength)
            index = 2
        } else if payloadLength <= 0xFFFF {
            buffer[1] = maskBit | 126
            buffer.storeBytes(of: UInt16(payloadLength).bigEndian, toByteOffset: 2, as: UInt16.self)
            index = 4
        } else {
            buffer[1] = maskBit | 127
            buffer.storeBytes(of: UInt64(payloadLength).bigEndian, toByteOffset: 2, as: UInt64.self)
            index = 10
        }
        if let maskingKey {
            buffer.storeBytes(of: maskingKey.rawValue.bigEndian, toByteOffset: index, as: UInt32.self)
            index += 4
        }
        return index
    }

    /// Encodes one frame: header, then the payload (masked when a key is given), in one allocation.
    public static func encode(
        opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer, isFinal: Bool = true,
        maskingKey: WebSocketMaskingKey? = nil
    ) -> [UInt8] {
        let headerLength = headerLength(payloadLength: payload.count, isMasked: maskingKey != nil)
        let total = headerLength + payload.count
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            _ = writeHeader(
                opcode: opcode, payloadLength: payload.count, isFinal: isFinal, maskingKey: maskingKey,
                into: raw)
            let body = UnsafeMutableRawBufferPointer(rebasing: raw[headerLength...])
            if !payload.isEmpty {
                body.copyMemory(from: payload)
            }
            maskingKey?.apply(to: body)
            initialized = total
        }
    }

    /// Encodes one frame whose payload is a byte array.
    public static func encode(
        opcode: WebSocketOpcode, payload: [UInt8], isFinal: Bool = true, maskingKey: WebSocketMaskingKey? = nil
    ) -> [UInt8] {
        payload.withUnsafeBytes { encode(opcode: opcode, payload: $0, isFinal: isFinal, maskingKey: maskingKey) }
    }

    /// A single-frame text message; the string's UTF-8 is copied once, straight into the frame.
    public static func encodeText(_ text: String, maskingKey: WebSocketMaskingKey? = nil) -> [UInt8] {
        var text = text
        return text.withUTF8 { utf8 in
            encode(opcode: .text, payload: UnsafeRawBufferPointer(utf8), maskingKey: maskingKey)
        }
    }

    /// A single-frame binary message.
    public static func encodeBinary(_ bytes: [UInt8], maskingKey: WebSocketMaskingKey? = nil) -> [UInt8] {
        encode(opcode: .binary, payload: bytes, maskingKey: maskingKey)
    }

    /// A ping; a payload over 125 bytes is cut to 125 (the control-frame maximum).
    public static func encodePing(_ payload: [UInt8] = [], maskingKey: WebSocketMaskingKey? = nil) -> [UInt8] {
        encode(opcode: .ping, payload: Array(payload.prefix(maxControlPayloadLength)), maskingKey: maskingKey)
    }

    /// A pong; a payload over 125 bytes is cut to 125 (the control-frame maximum).
    public static func encodePong(_ payload: [UInt8] = [], maskingKey: WebSocketMaskingKey? = nil) -> [UInt8] {
        encode(opcode: .pong, payload: Array(payload.prefix(maxControlPayloadLength)), maskingKey: maskingKey)
    }

    /// A close frame: the code (if any) big-endian, then the reason cut to fit 123 bytes
    /// at a character boundary. Without a code the frame is empty and the reason is dropped,
    /// as RFC 6455 §5.5.1 allows a reason only after a code.
    public static func encodeClose(
        code: WebSocketCloseCode?, reason: String = "", maskingKey: WebSocketMaskingKey? = nil
    ) -> [UInt8] {
        guard let code else { return encode(opcode: .close, payload: [], maskingKey: maskingKey) }
        var payload: [UInt8] = []
        payload.reserveCapacity(maxControlPayloadLength)
        payload.append(UInt8(truncatingIfNeeded: code.rawValue >> 8))
        payload.append(UInt8(truncatingIfNeeded: code.rawValue))
        var remaining = maxControlPayloadLength - 2
        // Cut whole scalars so the reason stays valid UTF-8 for the peer's check.
        for scalar in reason.unicodeScalars {
            let length = UTF8.width(scalar)
            guard length <= remaining else { break }
            UTF8.encode(scalar) { payload.append($0) }
            remaining -= length
        }
        return encode(opcode: .close, payload: payload, maskingKey: maskingKey)
    }
}
