import Foundation
import Testing
import WebSocket

/// The WebSocket seed corpus of the fuzz target (Tests/Fuzz/corpus/websocket), by file name.
private let seeds: [String: [UInt8]] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/websocket")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return Dictionary(
        uniqueKeysWithValues: names.compactMap { name in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map { (name, Array($0)) }
        })
}()

/// The 1 KiB message limit of the fuzz target's first pass.
private let smallLimits = WebSocketLimits(maxMessageBytes: 1024)

/// What a server session hands the application (sends and the end of the connection left out).
private func delivered(_ actions: [WebSocketAction]) -> [WebSocketAction] {
    actions.filter {
        switch $0 {
        case .send, .protocolError, .closeConnection: false
        default: true
        }
    }
}

/// Inputs found by the fuzzer (`make fuzz`), and the seed corpus it starts from, as tests.
@Suite struct WebSocketFuzzRegressionTests {
    /// What a server session with 1 KiB messages makes of each seed: what it delivers, and the
    /// code of the close frame it answers with (nil: the connection stays open).
    static let expectations: [String: (delivered: [WebSocketAction], closeCode: WebSocketCloseCode?)] = [
        "text-hello.bin": ([.text("Hello")], nil),
        "fragmented-text-with-ping.bin": ([.ping(Array("p".utf8)), .text("Hello")], nil),
        "character-split-across-fragments.bin": ([.text("A€")], nil),
        "binary-16-bit-length.bin": ([.binary((0..<200).map { UInt8($0) })], nil),
        "ping-and-pong.bin": ([.ping(Array("hi".utf8)), .pong(Array("x".utf8))], nil),
        "close-with-reason.bin": (
            [.text("bye"), .closeReceived(code: .normalClosure, reason: "done")], .normalClosure
        ),
        "close-empty.bin": ([.closeReceived(code: nil, reason: "")], .normalClosure),
        "message-over-1-kib.bin": ([], .messageTooBig),
        "invalid-utf8-text.bin": ([], .invalidPayload),
        "truncated-utf8-text.bin": ([], .invalidPayload),
        "unmasked-text.bin": ([], .protocolError),
        "length-top-bit-set.bin": ([], .protocolError),
        "reserved-bit.bin": ([], .protocolError),
        "continuation-without-start.bin": ([], .protocolError),
        "close-reserved-code.bin": ([], .protocolError),
        "fragmented-ping.bin": ([], .protocolError),
        "frame-over-default-limit.bin": ([], .messageTooBig),
    ]

    @Test func everySeedHasAnExpectation() {
        #expect(Set(seeds.keys) == Set(Self.expectations.keys))
    }

    @Test(arguments: expectations.keys.sorted())
    func seedGivesTheExpectedActionsHoweverItIsRead(_ name: String) throws {
        let bytes = try #require(seeds[name])
        let expected = try #require(Self.expectations[name])
        let actions = serverActions([bytes], limits: smallLimits)
        #expect(delivered(actions) == expected.delivered)
        #expect(sentCloseCode(actions) == expected.closeCode)
        #expect(closesConnection(actions) == (expected.closeCode != nil))
        for pieces in splits(of: bytes) {
            #expect(serverActions(pieces, limits: smallLimits) == actions, "\(pieces.count) reads")
        }
    }

    @Test func seedOverOneKiBIsDeliveredUnderTheDefaultLimit() throws {
        let bytes = try #require(seeds["message-over-1-kib.bin"])
        #expect(serverActions([bytes]) == [.binary((0..<2000).map { UInt8($0 % 251) })])
    }

    @Test func pingSeedsAreAnsweredWithTheirPong() throws {
        let actions = serverActions([try #require(seeds["ping-and-pong.bin"])])
        #expect(actions.first == .ping(Array("hi".utf8)))
        #expect(actions.dropFirst().first == .send(WebSocketFrameEncoder.encodePong(Array("hi".utf8))))
    }

    @Test func nothingFollowsTheCloseFrame() throws {
        var session = WebSocketSession(limits: smallLimits)
        let actions = feed(&session, [try #require(seeds["close-with-reason.bin"])])
        #expect(actions.last == .closeConnection)
        #expect(feed(&session, [try #require(seeds["text-hello.bin"])]).isEmpty)
    }

    /// The text messages of the seeds (valid and not), fed to the validator fragment by fragment.
    @Test func validatorAgreesWithTheStandardLibraryOnTheSeedTexts() throws {
        var verdicts: [Bool] = []
        for name in Self.expectations.keys.sorted() {
            guard case .success(let frames) = collect([try #require(seeds[name])]) else { continue }
            var fragments: [[UInt8]]?
            for frame in frames where frame.opcode == .text || (frame.opcode == .continuation && fragments != nil) {
                fragments = (fragments ?? []) + [frame.payload]
                guard frame.isFinal, let message = fragments else { continue }
                var validator = UTF8Validator()
                let isValid = message.allSatisfy { validator.validate($0) } && validator.isAtCharacterBoundary
                #expect(isValid == (String(validating: message.joined(), as: UTF8.self) != nil), "\(name)")
                verdicts.append(isValid)
                fragments = nil
            }
        }
        // Hello, Hel+lo, A€ split three ways, bye, and the text after the close; then the two broken ones.
        #expect(verdicts.filter { $0 }.count == 5 && verdicts.filter { !$0 }.count == 2)
    }
}
