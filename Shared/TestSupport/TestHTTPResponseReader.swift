/// Reads HTTP/1.1 responses from a ``TestSocket``: the head, then the body by
/// `Content-Length`, chunked coding, or until the server closes (RFC 9112 §6.3).
enum TestHTTPResponseReader {
    /// The largest response head accepted, so a broken server cannot make a test buffer forever.
    static let maxHeadLength = 64 * 1024

    /// Reads a complete response; `hasBody` is `false` for answers to HEAD.
    static func readResponse(
        from socket: TestSocket, hasBody: Bool = true, before deadline: ContinuousClock.Instant
    ) throws -> TestHTTPResponse {
        let head = try readHead(from: socket, before: deadline)
        return try readBody(completing: head, from: socket, hasBody: hasBody, before: deadline)
    }

    /// Reads the body that `head` announces (none for HEAD, 1xx, 204, 304) and returns the whole response.
    static func readBody(
        completing head: TestHTTPResponse, from socket: TestSocket, hasBody: Bool = true,
        before deadline: ContinuousClock.Instant
    ) throws -> TestHTTPResponse {
        var response = head
        if hasBody && responseCarriesBody(head.status) {
            response.body = try readBody(of: head, from: socket, before: deadline)
        }
        return response
    }

    /// Reads the status line and header fields, leaving any following bytes buffered.
    static func readHead(from socket: TestSocket, before deadline: ContinuousClock.Instant) throws -> TestHTTPResponse {
        let head = try socket.read(until: Array("\r\n\r\n".utf8), limit: maxHeadLength, before: deadline)
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        guard let statusLine = lines.first else { throw TestClientError.malformedResponse("empty head") }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]), (100...999).contains(status)
        else { throw TestClientError.malformedResponse("status line \(statusLine)") }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else {
                throw TestClientError.malformedResponse("header line \(line)")
            }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingWhitespace()))
        }
        return TestHTTPResponse(
            status: status, reasonPhrase: parts.count > 2 ? String(parts[2]) : "", version: String(parts[0]),
            headers: headers)
    }

    /// Whether a response with this status may have a body (RFC 9112 §6.3: not 1xx, 204, 304).
    private static func responseCarriesBody(_ status: Int) -> Bool {
        !(100..<200).contains(status) && status != 204 && status != 304
    }

    /// Reads the body announced by the head.
    private static func readBody(
        of response: TestHTTPResponse, from socket: TestSocket, before deadline: ContinuousClock.Instant
    ) throws -> [UInt8] {
        let codings = response.headers(named: "Transfer-Encoding").joined(separator: ",").lowercased()
        if codings.contains("chunked") {
            return try readChunked(from: socket, before: deadline)
        }
        if let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText.trimmingCharacters()), length >= 0 else {
                throw TestClientError.malformedResponse("Content-Length \(lengthText)")
            }
            return try socket.read(count: length, before: deadline)
        }
        return try socket.readToEnd(before: deadline)
    }

    /// Reads a chunked body and its trailer section.
    private static func readChunked(from socket: TestSocket, before deadline: ContinuousClock.Instant) throws -> [UInt8]
    {
        var body: [UInt8] = []
        let lineEnd = Array("\r\n".utf8)
        while true {
            let line = String(decoding: try socket.read(until: lineEnd, limit: 1024, before: deadline), as: UTF8.self)
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map { $0.trimmingWhitespace() } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else {
                throw TestClientError.malformedResponse("chunk size \(line)")
            }
            if size == 0 {
                // Trailer fields, then the blank line.
                while try !socket.read(until: lineEnd, limit: maxHeadLength, before: deadline).isEmpty {}
                return body
            }
            body += try socket.read(count: size, before: deadline)
            guard try socket.read(count: 2, before: deadline) == lineEnd else {
                throw TestClientError.malformedResponse("chunk not followed by CRLF")
            }
        }
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingCharacters() -> String {
        self[...].trimmingWhitespace()
    }
}
