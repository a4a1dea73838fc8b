extension HTTPRequestParser {
    /// Parses a request line and header block (without the final CRLFCRLF).
    static func parseHeadBytes(_ head: ArraySlice<UInt8>, limits: HTTPParserLimits) throws(HTTPParseError) -> HTTPRequest {
        var lines = head.split(separator: 0x0A, omittingEmptySubsequences: false).makeIterator()
        guard let requestLine = lines.next().map(Self.droppingCR) else { throw .malformed("empty request") }
        let parts = requestLine.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { throw .malformed("invalid request line") }
        guard parts[0].allSatisfy(isTokenByte) else { throw .malformed("invalid method") }
        guard parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .malformed("invalid request target") }
        let minorVersion: Int
        switch Array(parts[2]) {
        case Array("HTTP/1.1".utf8): minorVersion = 1
        case Array("HTTP/1.0".utf8): minorVersion = 0
        default:
            guard parts[2].starts(with: "HTTP/".utf8) else { throw .malformed("invalid HTTP version") }
            throw .unsupportedVersion
        }
        var headers = HTTPHeaders()
        while let rawLine = lines.next() {
            let line = droppingCR(rawLine)
            guard let first = line.first else { throw .malformed("empty header line") }
            // Obsolete line folding is a smuggling vector (RFC 9112 §5.2): refuse it.
            guard first != 0x20 && first != 0x09 else { throw .malformed("folded header line") }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .malformed("header without colon") }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(isTokenByte) else { throw .malformed("invalid header name") }
            var value = line[(colon + 1)...]
            while let byte = value.first, byte == 0x20 || byte == 0x09 { value.removeFirst() }
            while let byte = value.last, byte == 0x20 || byte == 0x09 { value.removeLast() }
            guard !value.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) else {
                throw .malformed("invalid header value")
            }
            headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
            guard headers.count <= limits.maxHeaderCount else { throw .headTooLarge }
        }
        if minorVersion == 1 && headers["Host"] == nil { throw .malformed("missing Host header") }
        return HTTPRequest(
            method: HTTPMethod(String(decoding: parts[0], as: UTF8.self)), target: String(decoding: parts[1], as: UTF8.self),
            minorVersion: minorVersion, headers: headers)
    }

    private static func droppingCR(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard line.last == 0x0D else { return line }
        return line.dropLast()
    }

    /// RFC 9110 token characters.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
