import Testing
import WebSocket

/// Every header rule of RFC 6455 §5 the decoder enforces, and when it notices.
@Suite struct FrameDecoderErrorTests {
    /// Expects `bytes`, fed whole and in every split, to fail with `code`.
    private func expectFailure(
        _ bytes: [UInt8], _ code: WebSocketCloseCode, role: WebSocketRole = .server,
        maxFrameBytes: Int = 1 << 30, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for split in splits(of: bytes) {
            #expect(
                errorCode(collect(split, role: role, maxFrameBytes: maxFrameBytes)) == code,
                sourceLocation: sourceLocation)
        }
    }

    @Test func decoderRejectsUnmaskedClientFrames() {
        expectFailure(WebSocketFrameEncoder.encodeText("hi"), .protocolError)
    }

    @Test func clientSideDecoderRejectsMaskedServerFrames() {
        expectFailure(clientText("hi"), .protocolError, role: .client)
    }

    @Test(arguments: [0x40, 0x20, 0x10] as [UInt8])
    func decoderRejectsReservedBitsWithoutAnExtension(bit: UInt8) {
        var bytes = clientText("hi")
        bytes[0] |= bit
        expectFailure(bytes, .protocolError)
    }

    @Test(arguments: [3, 4, 5, 6, 7, 11, 12, 13, 14, 15] as [UInt8])
    func decoderRejectsReservedOpcodes(opcode: UInt8) {
        var bytes = clientText("hi")
        bytes[0] = 0x80 | opcode
        expectFailure(bytes, .protocolError)
    }

    @Test(arguments: [WebSocketOpcode.close, .ping, .pong])
    func decoderRejectsFragmentedControlFrames(opcode: WebSocketOpcode) {
        expectFailure(clientFrame(opcode, [], isFinal: false), .protocolError)
    }

    @Test(arguments: [WebSocketOpcode.close, .ping, .pong])
    func decoderRejectsControlFramesOver125Bytes(opcode: WebSocketOpcode) {
        let bytes = WebSocketFrameEncoder.encode(opcode: opcode, payload: randomBytes(126), maskingKey: exampleKey)
        expectFailure(bytes, .protocolError)
        // Known from the length code alone: nothing beyond the first two bytes is needed.
        #expect(errorCode(collect([Array(bytes.prefix(2))])) == .protocolError)
    }

    @Test func decoderRejectsA64BitLengthWithTheTopBitSet() {
        let bytes: [UInt8] = [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 0x37, 0xFA, 0x21, 0x3D]
        expectFailure(bytes, .protocolError)
    }

    @Test func decoderRejectsFramesOverTheLimitBeforeTheirPayloadArrives() {
        let bytes = clientFrame(.binary, randomBytes(101))
        expectFailure(bytes, .messageTooBig, maxFrameBytes: 100)
        #expect(errorCode(collect([Array(bytes.prefix(6))], maxFrameBytes: 100)) == .messageTooBig)
        #expect(errorCode(collect([clientFrame(.binary, randomBytes(100))], maxFrameBytes: 100)) == nil)
    }

    @Test func decoderRejectsHugeAnnouncedLengthsWithoutAllocating() {
        let header: [UInt8] = [0x82, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4]
        #expect(errorCode(collect([header], maxFrameBytes: 64 * 1024)) == .messageTooBig)
    }

    @Test func decoderKeepsReportingItsErrorAfterFailing() {
        var collector = WebSocketFrameCollector(role: .server)
        #expect(throws: WebSocketProtocolError.self) { try collector.append(WebSocketFrameEncoder.encodeText("x")) }
        #expect(throws: WebSocketProtocolError.self) { try collector.append(clientText("fine")) }
    }

    @Test func decoderTracksFrameBoundaries() throws {
        var collector = WebSocketFrameCollector(role: .server)
        let bytes = clientText("hello")
        #expect(collector.isAtFrameBoundary)
        _ = try collector.append(Array(bytes.prefix(1)))
        #expect(!collector.isAtFrameBoundary)
        _ = try collector.append(Array(bytes.dropFirst()))
        #expect(collector.isAtFrameBoundary)
    }
}
