import Testing
import WebSocket

/// Encoder → decoder round trips and the RFC 6455 §5.7 examples.
@Suite struct FrameCodecTests {
    @Test func encoderProducesTheRFCExamples() {
        let hello = Array("Hello".utf8)
        #expect(WebSocketFrameEncoder.encodeText("Hello") == [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        #expect(
            WebSocketFrameEncoder.encodeText("Hello", maskingKey: exampleKey)
                == [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
        #expect(
            WebSocketFrameEncoder.encode(opcode: .text, payload: Array("Hel".utf8), isFinal: false)
                == [0x01, 0x03, 0x48, 0x65, 0x6C])
        #expect(
            WebSocketFrameEncoder.encode(opcode: .continuation, payload: Array("lo".utf8))
                == [0x80, 0x02, 0x6C, 0x6F])
        #expect(WebSocketFrameEncoder.encodePing(hello) == [0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        #expect(
            WebSocketFrameEncoder.encodePong(hello, maskingKey: exampleKey)
                == [0x8A, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
        #expect(
            WebSocketFrameEncoder.encodeBinary([UInt8](repeating: 0, count: 256)).prefix(4) == [0x82, 0x7E, 0x01, 0x00])
        #expect(
            WebSocketFrameEncoder.encodeBinary([UInt8](repeating: 0, count: 65536)).prefix(10)
                == [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0])
    }

    @Test func decoderReadsTheRFCExamples() throws {
        let masked: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        #expect(try collect([masked]).get() == [WebSocketFrame(opcode: .text, payload: Array("Hello".utf8))])
        let fragmented: [UInt8] = [0x01, 0x03, 0x48, 0x65, 0x6C, 0x80, 0x02, 0x6C, 0x6F]
        #expect(
            try collect([fragmented], role: .client).get() == [
                WebSocketFrame(opcode: .text, payload: Array("Hel".utf8), isFinal: false),
                WebSocketFrame(opcode: .continuation, payload: Array("lo".utf8)),
            ])
    }

    @Test(arguments: [0, 1, 125, 126, 127, 65535, 65536, 70000, 1 << 20])
    func roundTripPreservesEveryPayloadLengthClass(length: Int) throws {
        let payload = randomBytes(length, seed: UInt64(length))
        for role in [WebSocketRole.server, .client] {
            let key = role == .server ? exampleKey : nil
            let frame = WebSocketFrame(opcode: .binary, payload: payload, isFinal: length % 2 == 0)
            let bytes = frame.encoded(maskingKey: key)
            #expect(
                bytes.count == WebSocketFrameEncoder.headerLength(payloadLength: length, isMasked: key != nil) + length)
            #expect(try collect([bytes], role: role).get() == [frame])
        }
    }

    @Test func decodingSmallFramesSplitAtEveryByteBoundaryGivesTheSameFrames() throws {
        let frames = [
            WebSocketFrame(opcode: .text, payload: Array("Hel".utf8), isFinal: false),
            WebSocketFrame(opcode: .ping, payload: randomBytes(125)),
            WebSocketFrame(opcode: .continuation, payload: randomBytes(126, seed: 2)),
            WebSocketFrame(opcode: .pong, payload: []),
            WebSocketFrame(opcode: .binary, payload: randomBytes(300, seed: 3)),
            WebSocketFrame(opcode: .close, payload: [0x03, 0xE8]),
        ]
        let stream = frames.flatMap { $0.encoded(maskingKey: exampleKey) }
        for split in splits(of: stream) {
            #expect(try collect(split).get() == frames)
        }
    }

    @Test(arguments: [65535, 65536, 200_000])
    func decodingLargeFramesInSmallPiecesGivesTheSameFrames(length: Int) throws {
        let frame = WebSocketFrame(opcode: .binary, payload: randomBytes(length, seed: 9))
        let bytes = frame.encoded(maskingKey: exampleKey)
        // Cuts through the header and at both ends of the payload, then many odd-sized pieces.
        for cut in Array(0...16) + Array(bytes.count - 16...bytes.count) {
            #expect(try collect(pieces(of: bytes, cutAt: [cut])).get() == [frame])
        }
        var generator = SeededGenerator(seed: UInt64(length))
        var cuts: [Int] = []
        var position = 0
        while position < bytes.count {
            position += Int.random(in: 1...1500, using: &generator)
            cuts.append(position)
        }
        #expect(try collect(pieces(of: bytes, cutAt: cuts)).get() == [frame])
        #expect(try collect(bytes.map { [$0] }).get() == [frame])
    }

    @Test func maskingEightBytesAtATimeMatchesBytewiseMasking() {
        let key = WebSocketMaskingKey(0x01, 0x23, 0x45, 0x67)
        let keyBytes = key.bytes
        for length in 0...40 {
            for offset in 0..<4 {
                let data = randomBytes(length, seed: UInt64(length))
                var masked = data
                key.rotated(by: offset).apply(to: &masked)
                let expected = data.enumerated().map { $0.element ^ keyBytes[($0.offset + offset) % 4] }
                #expect(masked == expected)
            }
        }
    }

    @Test func closeEncoderCutsLongReasonsAtACharacterBoundary() throws {
        let reason = String(repeating: "é", count: 100)  // 200 bytes of two-byte characters
        let bytes = WebSocketFrameEncoder.encodeClose(code: .goingAway, reason: reason)
        let frame = try #require(try collect([bytes], role: .client).get().first)
        #expect(frame.payload.count == 2 + 122)
        #expect(frame.payload.prefix(2) == [0x03, 0xE9])
        #expect(UTF8Validator.isValid(Array(frame.payload.dropFirst(2))))
        #expect(WebSocketFrameEncoder.encodeClose(code: nil, reason: "ignored") == [0x88, 0x00])
    }

    @Test func controlFrameEncodersCapThePayloadAt125Bytes() throws {
        let bytes = WebSocketFrameEncoder.encodePing(randomBytes(300))
        let frame = try #require(try collect([bytes], role: .client).get().first)
        #expect(frame.payload == Array(randomBytes(300).prefix(125)))
    }

    @Test func encodedServerFrameIsSharedUnchangedAcrossConnections() throws {
        // The broadcast path: one encoding, decoded identically by any number of clients.
        let bytes = WebSocketFrameEncoder.encodeText("{\"type\":\"broadcast\"}")
        for _ in 0..<3 {
            #expect(
                try collect([bytes], role: .client).get() == [
                    WebSocketFrame(opcode: .text, payload: Array("{\"type\":\"broadcast\"}".utf8))
                ])
        }
    }
}
