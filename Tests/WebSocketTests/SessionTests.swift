import Testing
import WebSocket

/// The session's message assembly, control frames and close handshake.
@Suite struct SessionTests {
    @Test func sessionDeliversTextAndBinaryMessages() {
        let actions = serverActions([clientText("Hello") + clientFrame(.binary, [1, 2, 3])])
        #expect(actions == [.text("Hello"), .binary([1, 2, 3])])
    }

    @Test func sessionAnswersPingWithPongCarryingTheSamePayload() {
        let payload = Array("Hello".utf8)
        let actions = serverActions([clientFrame(.ping, payload)])
        #expect(actions == [.ping(payload), .send(WebSocketFrameEncoder.encodePong(payload))])
    }

    @Test func sessionReportsPongs() {
        #expect(serverActions([clientFrame(.pong, [7])]) == [.pong([7])])
    }

    @Test func sessionAssemblesFragmentedTextWithAnInterleavedPing() {
        let stream =
            clientText("Hel", isFinal: false) + clientFrame(.ping, [9]) + clientFrame(.continuation, [], isFinal: false)
            + clientFrame(.continuation, Array("lo".utf8))
        let expected: [WebSocketAction] = [.ping([9]), .send(WebSocketFrameEncoder.encodePong([9])), .text("Hello")]
        for split in splits(of: stream) {
            #expect(serverActions(split) == expected)
        }
    }

    @Test func sessionAcceptsACharacterSplitAcrossFragments() {
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        let stream =
            clientFrame(.text, [0x41, euro[0]], isFinal: false) + clientFrame(.continuation, [euro[1]], isFinal: false)
            + clientFrame(.continuation, [euro[2]])
        #expect(serverActions([stream]) == [.text("A€")])
    }

    @Test func sessionAssemblesALargeFragmentedBinaryMessageFromOddReads() {
        let message = randomBytes(1 << 20, seed: 5)
        var stream: [UInt8] = []
        var index = 0
        while index < message.count {
            let end = min(message.count, index + 70_000)
            stream += clientFrame(
                index == 0 ? .binary : .continuation, Array(message[index..<end]), isFinal: end == message.count)
            index = end
        }
        var generator = SeededGenerator(seed: 3)
        var cuts: [Int] = []
        var position = 0
        while position < stream.count {
            position += Int.random(in: 1...9000, using: &generator)
            cuts.append(position)
        }
        let limits = WebSocketLimits(maxMessageBytes: 32 << 20)
        #expect(serverActions(pieces(of: stream, cutAt: cuts), limits: limits) == [.binary(message)])
    }

    @Test func sessionEchoesTheCloseCodeAndClosesTheConnection() {
        let actions = serverActions([clientClose(code: 1001, reason: Array("bye".utf8))])
        #expect(
            actions == [
                .closeReceived(code: .goingAway, reason: "bye"), .send(serverClose(.goingAway)), .closeConnection,
            ])
    }

    @Test func sessionRepliesWithNormalClosureToAnEmptyClose() {
        let actions = serverActions([clientClose(payload: [])])
        #expect(
            actions == [.closeReceived(code: nil, reason: ""), .send(serverClose(.normalClosure)), .closeConnection])
    }

    @Test func sessionIgnoresEverythingAfterTheClose() {
        var session = WebSocketSession()
        _ = feed(&session, [clientClose(code: 1000)])
        #expect(session.state == .closed)
        let late = feed(&session, [clientText("late"), clientFrame(.ping, [])])
        #expect(late.isEmpty)
        let secondClose = session.close()
        #expect(secondClose.isEmpty)
    }

    @Test func sessionIgnoresDataAfterTheCloseInTheSameRead() {
        let actions = serverActions([clientClose(code: 1000) + clientText("late")])
        #expect(!actions.contains(.text("late")))
        #expect(closesConnection(actions))
    }

    @Test func serverInitiatedCloseWaitsForThePeersClose() {
        var session = WebSocketSession()
        let closing = session.close(code: .goingAway, reason: "shutdown")
        #expect(closing == [.send(serverClose(.goingAway, reason: "shutdown"))])
        #expect(!session.isOpen)
        #expect(session.state == .closing)
        // Data and pings from the peer are discarded, nothing more is sent.
        let discarded = feed(&session, [clientText("still talking"), clientFrame(.ping, [1])])
        #expect(discarded.isEmpty)
        let actions = feed(&session, [clientClose(code: 1001)])
        #expect(actions == [.closeReceived(code: .goingAway, reason: ""), .closeConnection])
        #expect(session.state == .closed)
    }

    @Test func serverInitiatedCloseSendsNoSecondCloseOnAProtocolError() {
        var session = WebSocketSession()
        _ = session.close()
        let actions = feed(&session, [WebSocketFrameEncoder.encodeText("unmasked")])
        #expect(sentCloseCode(actions) == nil)
        #expect(closesConnection(actions))
    }

    @Test func sessionClosesWith1009WhenAFrameIsOverTheMessageLimit() {
        let limits = WebSocketLimits(maxMessageBytes: 16)
        let frame = clientFrame(.text, Array(repeating: 0x61, count: 17))
        // Only the header has arrived: the verdict does not wait for the payload.
        let actions = serverActions([Array(frame.prefix(6))], limits: limits)
        #expect(sentCloseCode(actions) == .messageTooBig)
        #expect(closesConnection(actions))
        #expect(serverActions([clientFrame(.text, Array(repeating: 0x61, count: 16))], limits: limits).count == 1)
    }

    @Test func sessionClosesWith1009WhenFragmentsAddUpOverTheMessageLimit() {
        let limits = WebSocketLimits(maxMessageBytes: 16)
        let first = clientFrame(.binary, Array(repeating: 1, count: 10), isFinal: false)
        let second = clientFrame(.continuation, Array(repeating: 2, count: 10))
        let actions = serverActions([first, Array(second.prefix(6))], limits: limits)
        #expect(sentCloseCode(actions) == .messageTooBig)
        #expect(!actions.contains { if case .binary = $0 { true } else { false } })
    }

    @Test func sessionUsesTheContractLimitByDefault() {
        #expect(WebSocketLimits.default.maxMessageBytes == 64 * 1024)
        #expect(sentCloseCode(serverActions([clientFrame(.binary, randomBytes(64 * 1024 + 1))])) == .messageTooBig)
        #expect(serverActions([clientFrame(.binary, randomBytes(64 * 1024))]).count == 1)
    }

    @Test func sessionClosesWith1002OnAnUnmaskedFrame() {
        let actions = serverActions([WebSocketFrameEncoder.encodeText("Hello")])
        #expect(sentCloseCode(actions) == .protocolError)
        #expect(
            actions.first == .protocolError(WebSocketProtocolError(.protocolError, "unmasked frame from the client")))
        #expect(closesConnection(actions))
    }

    @Test func sessionClosesWith1002OnAContinuationWithoutAMessage() {
        #expect(sentCloseCode(serverActions([clientFrame(.continuation, [0x41])])) == .protocolError)
    }

    @Test func sessionClosesWith1002OnANewMessageDuringAFragmentedOne() {
        let stream = clientText("a", isFinal: false) + clientText("b")
        #expect(sentCloseCode(serverActions([stream])) == .protocolError)
    }

    @Test func sessionClosesWith1002OnHeaderViolations() {
        var reserved = clientText("x")
        reserved[0] |= 0x40
        var opcode = clientText("x")
        opcode[0] = 0x83
        let bigPing = WebSocketFrameEncoder.encode(opcode: .ping, payload: randomBytes(126), maskingKey: exampleKey)
        let fragmentedPing = clientFrame(.ping, [], isFinal: false)
        let topBit: [UInt8] = [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4]
        for bytes in [reserved, opcode, bigPing, fragmentedPing, topBit] {
            #expect(sentCloseCode(serverActions([bytes])) == .protocolError)
        }
    }

    @Test func sessionClosesWith1007OnInvalidUTF8() {
        let actions = serverActions([clientFrame(.text, [0x41, 0xED, 0xA0, 0x80])])
        #expect(sentCloseCode(actions) == .invalidPayload)
        #expect(closesConnection(actions))
    }

    @Test func sessionFailsInvalidUTF8InANonFinalFragmentWithoutWaitingForTheRest() {
        let actions = serverActions([
            clientText("valid ", isFinal: false), clientFrame(.continuation, [0xC0, 0xAF], isFinal: false),
        ])
        #expect(sentCloseCode(actions) == .invalidPayload)
    }

    @Test func sessionFailsInvalidUTF8BeforeTheFrameIsComplete() {
        let frame = clientFrame(.text, Array("κόσμε".utf8) + [0xF5] + Array(repeating: 0x61, count: 100))
        // Header (6 bytes), the valid text and the bad byte: 100 bytes of the frame still missing.
        let actions = serverActions([Array(frame.prefix(6 + 11 + 1))])
        #expect(sentCloseCode(actions) == .invalidPayload)
    }

    @Test func sessionClosesWith1007WhenTextEndsInsideACharacter() {
        let stream = clientFrame(.text, [0xE2, 0x82], isFinal: false) + clientFrame(.continuation, [])
        #expect(sentCloseCode(serverActions([stream])) == .invalidPayload)
    }

    @Test func sessionClosesWith1002OnACloseWithAOneBytePayload() {
        #expect(sentCloseCode(serverActions([clientClose(payload: [0x03])])) == .protocolError)
    }

    @Test(arguments: [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535] as [UInt16])
    func sessionClosesWith1002OnAnInvalidCloseCode(code: UInt16) {
        #expect(sentCloseCode(serverActions([clientClose(code: code)])) == .protocolError)
    }

    @Test(
        arguments: [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999]
            as [UInt16])
    func sessionEchoesEveryValidCloseCode(code: UInt16) {
        let actions = serverActions([clientClose(code: code)])
        #expect(sentCloseCode(actions) == WebSocketCloseCode(rawValue: code))
        #expect(closesConnection(actions))
    }

    @Test func sessionClosesWith1007OnACloseReasonThatIsNotUTF8() {
        let actions = serverActions([clientClose(code: 1000, reason: [0xCE, 0xBA, 0xED, 0xA0, 0x80])])
        #expect(sentCloseCode(actions) == .invalidPayload)
    }

    @Test func sessionHandlesEveryScenarioSplitAtEveryByteBoundary() {
        let scenarios: [[UInt8]] = [
            clientText("Hello") + clientFrame(.ping, [1, 2]) + clientClose(code: 1000, reason: Array("done".utf8)),
            clientFrame(.text, Array("κόσμε".utf8), isFinal: false) + clientFrame(.pong, [])
                + clientFrame(.continuation, Array(" 🙂".utf8)),
            clientText("x") + WebSocketFrameEncoder.encodeText("unmasked"),
            clientFrame(.text, [0x61, 0xF4, 0x90]),
        ]
        for stream in scenarios {
            let whole = serverActions([stream])
            for split in splits(of: stream) {
                #expect(serverActions(split) == whole)
            }
        }
    }

    @Test func clientSessionMasksItsRepliesAndExpectsUnmaskedFrames() throws {
        var session = WebSocketSession(role: .client)
        let actions = feed(&session, [WebSocketFrameEncoder.encodePing([5])])
        guard case .send(let pong) = actions.last else {
            Issue.record("no pong sent")
            return
        }
        #expect(pong[1] & 0x80 != 0)
        #expect(try collect([pong], role: .server).get() == [WebSocketFrame(opcode: .pong, payload: [5])])
        let failure = feed(&session, [clientText("masked")])
        guard case .send(let close) = failure.dropLast().last else {
            Issue.record("no close sent")
            return
        }
        // Masked like every client frame: only a server-side decoder reads it.
        #expect(try collect([close], role: .server).get().first?.payload.prefix(2) == [0x03, 0xEA])
        #expect(closesConnection(failure))
        #expect(session.state == .closed)
    }

    @Test func actionBufferIsAppendedToNotReplaced() {
        var session = WebSocketSession()
        var actions: [WebSocketAction] = [.text("earlier")]
        clientText("now").withUnsafeBytes { session.receive($0, into: &actions) }
        #expect(actions == [.text("earlier"), .text("now")])
    }
}
