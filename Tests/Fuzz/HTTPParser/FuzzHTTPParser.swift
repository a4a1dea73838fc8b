import HTTP1

/// Runs one input through `HTTPRequestParser` under the default limits and under tiny ones
/// (so the 431 and 413 paths are reached by short inputs), checking that:
/// - every request respects the limits and HTTP's framing rules;
/// - the outcome (requests, then the error or the wait for more) does not depend on how
///   the bytes were cut into reads: whole, at a few input-derived points, one byte at a time;
/// - every request, written out again, parses back to itself;
/// - a parser that failed can still be called without crashing.
func fuzzOne(_ bytes: UnsafeRawBufferPointer) {
    let input = Array(bytes)
    for limits in [HTTPParserLimits(), tinyLimits] {
        let whole = parse([input[...]], limits: limits)
        for cuts in cutPoints(of: input) {
            let split = parse(pieces(of: input, cutAt: cuts), limits: limits)
            check(split == whole, "\(describe(cuts)) changed \(whole) into \(split)")
        }
        for request in whole.requests {
            checkRoundTrip(request)
        }
    }
}

/// Limits small enough that a few dozen bytes cross each of them.
let tinyLimits = {
    var limits = HTTPParserLimits()
    limits.maxHeadBytes = 64
    limits.maxBodyBytes = 16
    limits.maxHeaderCount = 3
    limits.maxChunkLineBytes = 8
    return limits
}()

/// Everything the parser reported for one input, comparable between ways of feeding it.
struct Outcome: Equatable, CustomStringConvertible {
    var requests: [ParsedRequest] = []
    /// The error that stopped parsing; `nil` when the parser was left waiting for more.
    var error: HTTPParseError?

    var description: String { "\(requests.count) requests, then \(error.map { "\($0)" } ?? "needMoreData")" }
}

/// The parts of an `HTTPRequest` that parsing decides.
struct ParsedRequest: Equatable {
    var method: String
    var target: String
    var minorVersion: Int
    var headers: [String]
    var body: [UInt8]

    init(_ request: HTTPRequest) {
        method = request.method.rawValue
        target = request.target
        minorVersion = request.minorVersion
        headers = request.headers.map { $0.name + ": " + $0.value }
        body = request.body
    }
}

/// Feeds `pieces` one read at a time, draining `next()` after each, and checks each event.
func parse(_ pieces: [ArraySlice<UInt8>], limits: HTTPParserLimits) -> Outcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = Outcome()
    var continueReported = false
    let totalBytes = pieces.reduce(0) { $0 + $1.count }
    var events = 0
    for piece in pieces {
        piece.withUnsafeBytes { parser.append($0) }
        do throws(HTTPParseError) {
            while true {
                let event = try parser.next()
                check(parser.bufferedByteCount >= 0, "negative bufferedByteCount")
                events += 1
                // Every event but the last consumes input: more events than bytes is a loop.
                check(events <= totalBytes + pieces.count, "next() keeps returning events")
                switch event {
                case .needMoreData:
                    check(!parser.isIdle || parser.bufferedByteCount == 0, "idle with bytes buffered")
                case .continueRequested:
                    check(!continueReported, "100-continue reported twice for one request")
                    check(parser.isReadingBody, "100-continue outside a body")
                    continueReported = true
                    continue
                case .request(let request):
                    checkRequest(request, limits: limits)
                    outcome.requests.append(ParsedRequest(request))
                    continueReported = false
                    continue
                }
                break
            }
        } catch {
            outcome.error = error
            checkStillUsable(&parser)
            return outcome
        }
    }
    return outcome
}

/// What every request the parser hands out must satisfy.
func checkRequest(_ request: HTTPRequest, limits: HTTPParserLimits) {
    check(request.body.count <= limits.maxBodyBytes, "body of \(request.body.count) bytes over the limit")
    check(request.headers.count <= limits.maxHeaderCount, "\(request.headers.count) headers over the limit")
    check(!request.method.rawValue.isEmpty && !request.target.isEmpty, "empty method or target")
    check(request.minorVersion == 0 || request.minorVersion == 1, "HTTP/1.\(request.minorVersion)")
    check(request.minorVersion == 0 || request.headers["Host"] != nil, "HTTP/1.1 request without Host")
    let lengths = request.headers.values("Content-Length")
    let isChunked = request.headers["Transfer-Encoding"] != nil
    check(lengths.isEmpty || !isChunked, "both Content-Length and Transfer-Encoding")
    check(lengths.allSatisfy { Int($0) == request.body.count }, "body length differs from Content-Length")
    check(isChunked || !lengths.isEmpty || request.body.isEmpty, "a body without framing headers")
}

/// Writes `request` out again, with a Content-Length instead of chunks, and checks it parses back unchanged.
func checkRoundTrip(_ request: ParsedRequest) {
    var expected = request
    let isTransferEncoding = { (line: String) in line.lowercased().hasPrefix("transfer-encoding:") }
    if request.headers.contains(where: isTransferEncoding) {
        expected.headers.removeAll(where: isTransferEncoding)
        if !request.body.isEmpty { expected.headers.append("Content-Length: \(request.body.count)") }
    }
    let head =
        "\(expected.method) \(expected.target) HTTP/1.\(expected.minorVersion)\r\n"
        + expected.headers.map { $0 + "\r\n" }.joined() + "\r\n"
    var limits = HTTPParserLimits()
    limits.maxHeadBytes = 1 << 20
    limits.maxHeaderCount = 1 << 20
    let reparsed = parse([ArraySlice(Array(head.utf8) + expected.body)], limits: limits)
    check(reparsed == Outcome(requests: [expected]), "\(expected) written out parses as \(reparsed)")
}

/// After an error the parser's output is meaningless, but calling it must not crash.
func checkStillUsable(_ parser: inout HTTPRequestParser) {
    _ = try? parser.next()
    _ = try? parser.next()
    let buffered = parser.bufferedByteCount
    check(parser.takeRemainingBytes().count == buffered, "takeRemainingBytes() disagrees with bufferedByteCount")
    check(parser.bufferedByteCount == 0, "bytes left after takeRemainingBytes()")
    parser.append(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
    _ = try? parser.next()
}
