import Testing

@testable import HTTP1

/// Feeds `text` in pieces of `chunk` bytes and collects every event.
private func parseAll(_ text: String, chunk: Int = .max, limits: HTTPParserLimits = HTTPParserLimits()) throws(HTTPParseError)
    -> [HTTPRequestParser.Event]
{
    var parser = HTTPRequestParser(limits: limits)
    var events: [HTTPRequestParser.Event] = []
    let bytes = Array(text.utf8)
    var offset = 0
    repeat {
        let end = min(bytes.count, offset + max(1, min(chunk, bytes.count)))
        parser.append(Array(bytes[offset..<end]))
        offset = end
        while true {
            let event = try parser.next()
            if event == .needMoreData { break }
            events.append(event)
        }
    } while offset < bytes.count
    return events
}

private func requests(_ events: [HTTPRequestParser.Event]) -> [HTTPRequest] {
    events.compactMap { if case .request(let request) = $0 { request } else { nil } }
}

@Suite struct HTTPRequestParserTests {
    static let simple = "GET /api/tickets?status=new&limit=5 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n"

    @Test func parsesASimpleRequest() throws {
        let request = try #require(requests(try parseAll(Self.simple)).first)
        #expect(request.method == "GET")
        #expect(request.path == "/api/tickets")
        #expect(request.query == ["status": "new", "limit": "5"])
        #expect(request.headers["accept"] == "*/*")
        #expect(request.keepAlive)
    }

    @Test func sameResultWhenSplitAtEveryByte() throws {
        let text = "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
            + "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nTrailer: t\r\n\r\n"
        for chunk in 1...8 {
            let parsed = requests(try parseAll(text, chunk: chunk))
            #expect(parsed.map(\.target) == ["/a", "/b"])
            #expect(parsed.map { String(decoding: $0.body, as: UTF8.self) } == ["hello", "abcde"])
        }
    }

    @Test func pipelinedRequestsComeOutInOrder() throws {
        let text = (1...5).map { "GET /\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined()
        #expect(requests(try parseAll(text)).map(\.target) == ["/1", "/2", "/3", "/4", "/5"])
    }

    @Test func headOverTheLimitIs431() {
        var limits = HTTPParserLimits()
        limits.maxHeadBytes = 1024
        let text = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 2000) + "\r\n\r\n"
        #expect(throws: HTTPParseError.headTooLarge) { try parseAll(text, limits: limits) }
        // Also when the end of the head never comes.
        #expect(throws: HTTPParseError.headTooLarge) {
            try parseAll("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 2000), limits: limits)
        }
    }

    @Test func bodyOverTheLimitIs413BeforeItArrives() {
        var limits = HTTPParserLimits()
        limits.maxBodyBytes = 10
        #expect(throws: HTTPParseError.bodyTooLarge) {
            try parseAll("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", limits: limits)
        }
        #expect(throws: HTTPParseError.bodyTooLarge) {
            try parseAll("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n", limits: limits)
        }
        #expect(throws: HTTPParseError.bodyTooLarge) {
            try parseAll("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", limits: limits)
        }
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n Folded: yes\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
        "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        "GET /\u{7F} HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET / FTP/1.1\r\nHost: x\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXY",
    ])
    func malformedInputIs400(text: String) {
        #expect {
            try parseAll(text)
        } throws: { error in
            (error as? HTTPParseError)?.status == 400
        }
    }

    @Test func endlessTrailersAreRefusedLikeAnOversizedHead() {
        var limits = HTTPParserLimits()
        limits.maxHeadBytes = 1024
        let trailers = (0..<200).map { "X-T\($0): value\r\n" }.joined()
        #expect(throws: HTTPParseError.headTooLarge) {
            try parseAll("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + trailers, limits: limits)
        }
    }

    @Test func aChunkLineTrickledByteByByteIsParsed() throws {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;" + String(repeating: "e", count: 900)
            + "\r\nhello\r\n0\r\n\r\n"
        let parsed = requests(try parseAll(text, chunk: 1))
        #expect(parsed.map { String(decoding: $0.body, as: UTF8.self) } == ["hello"])
    }

    @Test func otherStatusesForOtherRefusals() {
        #expect(throws: HTTPParseError.unsupportedVersion) { try parseAll("GET / HTTP/2.0\r\nHost: x\r\n\r\n") }
        #expect(throws: HTTPParseError.unsupportedTransferEncoding) {
            try parseAll("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
        }
    }

    @Test func expectContinueIsReportedOnceBeforeTheBody() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST /x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(try parser.next() == .continueRequested)
        #expect(try parser.next() == .needMoreData)
        parser.append(Array("ok".utf8))
        guard case .request(let request) = try parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(request.body == Array("ok".utf8))
    }

    @Test func http10ClosesUnlessAskedToKeepAlive() throws {
        let closing = try #require(requests(try parseAll("GET / HTTP/1.0\r\n\r\n")).first)
        #expect(!closing.keepAlive)
        let keeping = try #require(requests(try parseAll("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")).first)
        #expect(keeping.keepAlive)
        let closed = try #require(requests(try parseAll("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).first)
        #expect(!closed.keepAlive)
    }

    @Test func bytesAfterTheLastRequestCanBeTaken() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n\u{81}\u{80}".utf8))
        guard case .request = try parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(parser.takeRemainingBytes() == [0xC2, 0x81, 0xC2, 0x80])
        #expect(parser.isIdle)
    }

    @Test func percentDecodingRejectsBrokenEscapes() {
        #expect(PercentDecoding.decode("a%20b") == "a b")
        #expect(PercentDecoding.decode("a+b", plusIsSpace: true) == "a b")
        #expect(PercentDecoding.decode("%E2%9C%93") == "✓")
        #expect(PercentDecoding.decode("%zz") == nil)
        #expect(PercentDecoding.decode("%FF") == nil)
        #expect(PercentDecoding.decode("%4") == nil)
    }
}

@Suite struct HTTPResponseTests {
    @Test func serializesStatusHeadersLengthAndBody() {
        var out: [UInt8] = []
        HTTPResponse.json(raw: "{}").serialize(into: &out, keepAlive: false, date: "D")
        #expect(
            String(decoding: out, as: UTF8.self)
                == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\nDate: D\r\n\r\n{}")
    }

    @Test func errorBodyHasTheContractShape() {
        let response = HTTPResponse.error(status: 400, code: "bad_request", message: "say \"hi\"")
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"error\":{\"code\":\"bad_request\",\"message\":\"say \\\"hi\\\"\"}}")
    }

    @Test func headersCompareCaseInsensitively() {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "a")
        headers.add("connection", "keep-alive, Upgrade")
        #expect(headers["content-type"] == "a")
        #expect(headers["CONTENT-TYPE"] == "a")
        #expect(headers.contains("Connection", token: "upgrade"))
        #expect(headers["Content-Typf"] == nil)
    }
}
