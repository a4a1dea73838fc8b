/// Parses frames incrementally from bytes arriving in chunks of any size (RFC 6455 §5.2).
///
/// A pure state machine: no I/O, no payload buffering. Each call to
/// ``nextEvent(in:offset:)`` consumes what it can of the input and reports a frame start,
/// a payload chunk (pointing into the input) or a frame end. Every rule that a header
/// alone can break is checked as soon as the bytes that break it arrive, so a hostile
/// peer is refused before any of its payload is kept:
/// reserved bits or opcodes, fragmented or oversized control frames, a missing (server)
/// or unexpected (client) mask, a 64-bit length with the top bit set → 1002; a frame over
/// ``maxFrameBytes`` → 1009. After an error the decoder keeps reporting it.
public struct WebSocketFrameDecoder: Sendable {
    /// What the decoder is waiting for.
    private enum State: Sendable {
        case header
        case payload
        case end
        case failed(WebSocketProtocolError)
    }

    /// The longest header: 2 fixed bytes, 8 length bytes, 4 key bytes.
    static let maxHeaderLength = 14

    /// The end being decoded for: a server expects masked frames, a client unmasked ones.
    public let role: WebSocketRole
    /// The largest payload accepted in one frame.
    public let maxFrameBytes: Int

    private var state = State.header
    /// The frame whose payload is being reported.
    private var header = WebSocketFrameHeader(isFinal: true, opcode: .continuation, payloadLength: 0, maskingKey: nil)
    /// How many payload bytes of the current frame were reported so far.
    private var payloadOffset = 0
    // A header split across reads is gathered here; 16 inline bytes, so a connection
    // costs no allocation for it.
    private var partialHeader: (UInt64, UInt64) = (0, 0)
    private var partialHeaderCount = 0

    /// A decoder for `role` refusing frames over `maxFrameBytes`.
    public init(role: WebSocketRole = .server, maxFrameBytes: Int = WebSocketLimits.default.maxFrameBytes) {
        self.role = role
        self.maxFrameBytes = maxFrameBytes
    }

    /// Whether the decoder is between frames (nothing of a frame seen yet).
    public var isAtFrameBoundary: Bool {
        if case .header = state { return partialHeaderCount == 0 }
        return false
    }

    /// Decodes the next event from `input[offset...]`, advancing `offset` past what it used.
    ///
    /// Returns `nil` when the rest of the input has been consumed and more bytes are needed.
    /// Call it in a loop until `nil` (or an error), then hand it the next read.
    public mutating func nextEvent(
        in input: UnsafeRawBufferPointer, offset: inout Int
    ) throws(WebSocketProtocolError) -> WebSocketFrameEvent? {
        switch state {
        case .header:
            let found: WebSocketFrameHeader?
            do throws(WebSocketProtocolError) {
                found = try readHeader(from: input, offset: &offset)
            } catch {
                state = .failed(error)
                throw error
            }
            guard let found else { return nil }
            header = found
            payloadOffset = 0
            state = found.payloadLength == 0 ? .end : .payload
            return .frameStart(found)
        case .payload:
            let available = input.count - offset
            guard available > 0 else { return nil }
            let count = min(available, header.payloadLength - payloadOffset)
            let chunk = WebSocketPayloadChunk(
                maskedBytes: UnsafeRawBufferPointer(rebasing: input[offset..<offset + count]),
                maskingKey: header.maskingKey?.rotated(by: payloadOffset))
            offset += count
            payloadOffset += count
            if payloadOffset == header.payloadLength {
                state = .end
            }
            return .payload(chunk)
        case .end:
            state = .header
            return .frameEnd(header)
        case .failed(let error):
            throw error
        }
    }

    /// The header length announced by the second header byte.
    private static func headerLength(secondByte: UInt8) -> Int {
        let lengthCode = secondByte & 0x7F
        let base = lengthCode == 127 ? 10 : (lengthCode == 126 ? 4 : 2)
        return secondByte & 0x80 != 0 ? base + 4 : base
    }

    /// Reads a whole header, straight from the input when it is all there, else byte by byte
    /// into ``partialHeader``; returns `nil` if the input ends first.
    private mutating func readHeader(
        from input: UnsafeRawBufferPointer, offset: inout Int
    ) throws(WebSocketProtocolError) -> WebSocketFrameHeader? {
        let available = input.count - offset
        if partialHeaderCount == 0 && available >= 2 {
            let second = input[offset + 1]
            let length = Self.headerLength(secondByte: second)
            if available >= length {
                let header = try parseHeader(UnsafeRawBufferPointer(rebasing: input[offset..<offset + length]))
                offset += length
                return header
            }
        }
        var storage = partialHeader
        var count = partialHeaderCount
        let header = try withUnsafeMutableBytes(of: &storage) {
            (bytes) throws(WebSocketProtocolError) -> WebSocketFrameHeader? in
            while offset < input.count {
                bytes[count] = input[offset]
                count += 1
                offset += 1
                guard count >= 2 else { continue }
                if count == 2 {
                    // Fail fast: the first two bytes carry most of what can be wrong.
                    _ = try validateStart(first: bytes[0], second: bytes[1])
                }
                if count == Self.headerLength(secondByte: bytes[1]) {
                    return try parseHeader(UnsafeRawBufferPointer(rebasing: bytes[..<count]))
                }
            }
            return nil
        }
        partialHeader = storage
        partialHeaderCount = header == nil ? count : 0
        return header
    }

    /// Checks the rules decidable from the first two bytes and returns the opcode.
    private func validateStart(first: UInt8, second: UInt8) throws(WebSocketProtocolError) -> WebSocketOpcode {
        guard first & 0x70 == 0 else {
            throw WebSocketProtocolError(.protocolError, "reserved bits set without a negotiated extension")
        }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else {
            throw WebSocketProtocolError(.protocolError, "reserved opcode \(first & 0x0F)")
        }
        if opcode.isControl {
            guard first & 0x80 != 0 else {
                throw WebSocketProtocolError(.protocolError, "fragmented control frame")
            }
            guard second & 0x7F <= 125 else {
                throw WebSocketProtocolError(.protocolError, "control frame payload over 125 bytes")
            }
        }
        let isMasked = second & 0x80 != 0
        if isMasked != role.expectsMaskedFrames {
            throw WebSocketProtocolError(
                .protocolError, isMasked ? "masked frame from the server" : "unmasked frame from the client")
        }
        return opcode
    }

    /// Parses a complete header (its exact bytes) and applies every header rule.
    private func parseHeader(_ bytes: UnsafeRawBufferPointer) throws(WebSocketProtocolError) -> WebSocketFrameHeader {
        let first = bytes[0]
        let second = bytes[1]
        let opcode = try validateStart(first: first, second: second)
        var length = UInt64(second & 0x7F)
        var index = 2
        if length == 126 {
            length = UInt64(UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
            index = 4
        } else if length == 127 {
            length = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
            index = 10
            guard length >> 63 == 0 else {
                throw WebSocketProtocolError(.protocolError, "64-bit payload length with the top bit set")
            }
        }
        guard length <= UInt64(max(0, maxFrameBytes)) else {
            throw WebSocketProtocolError(.messageTooBig, "frame of \(length) bytes over the limit of \(maxFrameBytes)")
        }
        var maskingKey: WebSocketMaskingKey?
        if second & 0x80 != 0 {
            maskingKey = WebSocketMaskingKey(
                rawValue: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self)))
        }
        return WebSocketFrameHeader(
            isFinal: first & 0x80 != 0, opcode: opcode, payloadLength: Int(length), maskingKey: maskingKey)
    }
}
