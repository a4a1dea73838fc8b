import Foundation
import HTTP1
import Testing

/// What the parser made of some reads: the requests, then the error that stopped it (nil
/// when it was left waiting for more), and how often it asked for "100 Continue".
private struct Outcome: Equatable {
    var targets: [String] = []
    var bodies: [[UInt8]] = []
    var error: HTTPParseError?
    var continues = 0
}

/// Feeds `pieces` one read at a time, draining `next()` after each.
private func parse(_ pieces: [[UInt8]], limits: HTTPParserLimits = HTTPParserLimits()) -> Outcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = Outcome()
    for piece in pieces {
        parser.append(piece)
        do throws(HTTPParseError) {
            while true {
                switch try parser.next() {
                case .needMoreData: break
                case .continueRequested:
                    outcome.continues += 1
                    continue
                case .request(let request):
                    outcome.targets.append(request.target)
                    outcome.bodies.append(request.body)
                    continue
                }
                break
            }
        } catch {
            outcome.error = error
            return outcome
        }
    }
    return outcome
}

/// `bytes` in one read, in two reads cut at every position, and one byte per read.
private func everyWayToRead(_ bytes: [UInt8]) -> [[[UInt8]]] {
    var ways = [[bytes]]
    for cut in 1..<max(1, bytes.count) { ways.append([Array(bytes[..<cut]), Array(bytes[cut...])]) }
    ways.append(bytes.map { [$0] })
    return ways
}

/// The limits of the fuzz target's second pass, small enough that short inputs cross them.
private let tinyLimits = {
    var limits = HTTPParserLimits()
    limits.maxHeadBytes = 64
    limits.maxBodyBytes = 16
    limits.maxHeaderCount = 3
    limits.maxChunkLineBytes = 8
    return limits
}()

/// The HTTP seed corpus of the fuzz target (Tests/Fuzz/corpus/http), by file name.
private let seeds: [String: [UInt8]] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/http")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return Dictionary(
        uniqueKeysWithValues: names.compactMap { name in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map { (name, Array($0)) }
        })
}()

/// Inputs found by the fuzzer (`make fuzz`), and the seed corpus it starts from, as tests.
@Suite struct HTTPFuzzRegressionTests {
    /// Found by fuzz-http-parser (minimized): a chunk-size line of exactly `maxChunkLineBytes`
    /// bytes was refused as "line too long" when its CR and LF came in different reads, but
    /// judged on its content (here an invalid size) when they came together.
    @Test func chunkLineAtTheLimitIsJudgedTheSameHoweverItIsRead() {
        let input: [UInt8] = [
            0x54, 0x20, 0x47, 0x20, 0x48, 0x54, 0x54, 0x50, 0x2F, 0x31, 0x2E, 0x31, 0x0A, 0x48, 0x6F, 0x73, 0x74, 0x3A,
            0x0A, 0x54, 0x72, 0x61, 0x6E, 0x73, 0x66, 0x65, 0x72, 0x2D, 0x45, 0x6E, 0x63, 0x6F, 0x64, 0x69, 0x6E, 0x67,
            0x3A, 0x63, 0x68, 0x75, 0x6E, 0x6B, 0x65, 0x64, 0x0D, 0x0A, 0x0D, 0x0A, 0x58, 0x2D, 0xFF, 0xFF, 0xFF, 0xFF,
            0x20, 0x76, 0x0D, 0x0A,
        ]
        for pieces in everyWayToRead(input) {
            #expect(parse(pieces, limits: tinyLimits).error == .malformed("invalid chunk size"))
        }
    }

    /// The same bug on a valid request: a chunk extension filling the 1 KiB line limit exactly.
    @Test func chunkLineAtTheLimitIsAcceptedHoweverItIsRead() {
        let line = "5;" + String(repeating: "x", count: HTTPParserLimits().maxChunkLineBytes - 2)
        let text = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\(line)\r\nhello\r\n0\r\n\r\n"
        for pieces in everyWayToRead(Array(text.utf8)) {
            #expect(parse(pieces) == Outcome(targets: ["/"], bodies: [Array("hello".utf8)]))
        }
    }

    /// What each seed holds: how many requests, then which error (nil: waiting for more).
    static let expectations: [String: (requests: Int, error: HTTPParseError?)] = [
        "get-with-query.http": (1, nil),
        "pipelined-three.http": (3, nil),
        "chunked-with-trailer.http": (1, nil),
        "expect-continue.http": (1, nil),
        "expect-continue-chunked.http": (1, nil),
        "http10-no-host.http": (1, nil),
        "leading-empty-lines.http": (1, nil),
        "websocket-upgrade.http": (1, nil),
        "repeated-content-length.http": (1, nil),
        "obs-text-value.http": (1, nil),
        "partial-head.http": (0, nil),
        "both-framing-headers.http": (0, .malformed("both Transfer-Encoding and Content-Length")),
        "conflicting-content-length.http": (0, .malformed("invalid Content-Length")),
        "folded-header.http": (0, .malformed("folded header line")),
        "huge-chunk-size.http": (0, .bodyTooLarge),
        "body-too-large.http": (0, .bodyTooLarge),
        "too-many-headers.http": (0, .headTooLarge),
        "http2-version.http": (0, .unsupportedVersion),
        "gzip-transfer-encoding.http": (0, .unsupportedTransferEncoding),
        "chunk-without-crlf.http": (0, .malformed("chunk data not followed by CRLF")),
    ]

    @Test func everySeedHasAnExpectation() {
        #expect(Set(seeds.keys) == Set(Self.expectations.keys))
    }

    @Test(arguments: expectations.keys.sorted())
    func seedParsesAsExpectedHoweverItIsRead(_ name: String) throws {
        let bytes = try #require(seeds[name])
        let expected = try #require(Self.expectations[name])
        var whole = parse([bytes])
        whole.continues = 0  // depends on whether the body came with the head
        #expect(whole.targets.count == expected.requests)
        #expect(whole.error == expected.error)
        for pieces in everyWayToRead(bytes) {
            var outcome = parse(pieces)
            outcome.continues = 0
            #expect(outcome == whole, "\(pieces.count) reads")
        }
    }

    @Test func pipelinedSeedGivesEachRequestItsBody() throws {
        let outcome = parse([try #require(seeds["pipelined-three.http"])])
        #expect(outcome.targets == ["/1", "/2", "/3"])
        #expect(outcome.bodies == [[], Array("{\"a\":".utf8), []])
    }

    @Test func chunkedSeedJoinsItsChunks() throws {
        let outcome = parse([try #require(seeds["chunked-with-trailer.http"])])
        #expect(outcome.bodies == [Array("abcde0123456789".utf8)])
    }

    @Test(arguments: ["expect-continue.http", "expect-continue-chunked.http"])
    func continueIsRequestedOnlyWhileTheBodyIsMissing(_ name: String) throws {
        let bytes = try #require(seeds[name])
        let headEnd = try #require(bytes.indices.first { Array(bytes[$0...].prefix(4)) == [13, 10, 13, 10] }) + 4
        #expect(parse([bytes]).continues == 0)
        let split = parse([Array(bytes[..<headEnd]), Array(bytes[headEnd...])])
        #expect(split.continues == 1)
        #expect(split.bodies == [Array("hello".utf8)])
    }

    @Test func upgradeSeedLeavesTheFrameBytesForTheWebSocket() throws {
        let bytes = try #require(seeds["websocket-upgrade.http"])
        var parser = HTTPRequestParser()
        parser.append(bytes)
        guard case .request(let request) = try parser.next() else {
            Issue.record("no request")
            return
        }
        #expect(request.headers["Upgrade"] == "websocket")
        #expect(try parser.next() == .needMoreData)
        #expect(parser.takeRemainingBytes() == [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
    }

    @Test func tinyLimitsTurnLongSeedsInto431And413() throws {
        #expect(parse([try #require(seeds["get-with-query.http"])], limits: tinyLimits).error == .headTooLarge)
        var limits = HTTPParserLimits()
        limits.maxBodyBytes = 4
        #expect(parse([try #require(seeds["expect-continue.http"])], limits: limits).error == .bodyTooLarge)
    }
}
