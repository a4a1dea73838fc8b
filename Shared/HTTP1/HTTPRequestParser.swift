/// An incremental HTTP/1.x request parser: bytes go in as they arrive, whole requests
/// come out. Pure: no I/O, no clock. Limits are checked as bytes arrive, so an oversized
/// head or body is refused before it is buffered.
public struct HTTPRequestParser: Sendable {
    /// What `next()` found.
    public enum Event: Sendable, Equatable {
        /// A complete request is not buffered yet.
        case needMoreData
        /// The head asked for `Expect: 100-continue` and its body has not started: send
        /// "100 Continue" now. Reported once per request.
        case continueRequested
        /// A complete request.
        case request(HTTPRequest)

        public static func == (lhs: Event, rhs: Event) -> Bool {
            switch (lhs, rhs) {
            case (.needMoreData, .needMoreData), (.continueRequested, .continueRequested): true
            case (.request(let a), .request(let b)): a.method == b.method && a.target == b.target && a.body == b.body
            default: false
            }
        }
    }

    private enum State: Sendable {
        case head
        case fixedBody(HTTPRequest, remaining: Int)
        case chunkSize(HTTPRequest)
        case chunkData(HTTPRequest, remaining: Int)
        case chunkDataEnd(HTTPRequest)
        case trailers(HTTPRequest, receivedBytes: Int)
    }

    public let limits: HTTPParserLimits
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// Where the search for the end of the head resumes, so a slow client costs O(n), not O(n²).
    private var scanIndex = 0
    private var state: State = .head
    private var continueReported = false

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// Bytes received and not yet consumed by a complete request.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// True between requests (nothing of the next request has arrived).
    public var isIdle: Bool {
        if case .head = state { return bufferedByteCount == 0 }
        return false
    }

    /// True once a head is complete and its body is still arriving.
    public var isReadingBody: Bool {
        if case .head = state { return false }
        return true
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfWorthIt()
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Takes the bytes after the last complete request (e.g. WebSocket frames sent right
    /// after the upgrade request), leaving the parser empty.
    public mutating func takeRemainingBytes() -> [UInt8] {
        let rest = Array(buffer[readIndex...])
        buffer.removeAll()
        readIndex = 0
        scanIndex = 0
        return rest
    }

    /// Parses as far as the buffered bytes allow.
    public mutating func next() throws(HTTPParseError) -> Event {
        while true {
            switch state {
            case .head:
                guard let request = try parseHead() else { return .needMoreData }
                try startBody(of: request)
                if case .head = state { return .request(request) }
                if !continueReported && bufferedByteCount == 0 && request.headers.contains("Expect", token: "100-continue") {
                    continueReported = true
                    return .continueRequested
                }
            case .fixedBody(var request, let remaining):
                let available = min(remaining, bufferedByteCount)
                request.body.append(contentsOf: buffer[readIndex..<readIndex + available])
                readIndex += available
                if available == remaining {
                    finishRequest()
                    return .request(request)
                }
                state = .fixedBody(request, remaining: remaining - available)
                return .needMoreData
            case .chunkSize(let request):
                guard let line = try takeLine(limit: limits.maxChunkLineBytes) else { return .needMoreData }
                let size = try Self.chunkSize(line)
                if size == 0 {
                    state = .trailers(request, receivedBytes: 0)
                } else {
                    guard request.body.count + size <= limits.maxBodyBytes else { throw .bodyTooLarge }
                    state = .chunkData(request, remaining: size)
                }
            case .chunkData(var request, let remaining):
                let available = min(remaining, bufferedByteCount)
                request.body.append(contentsOf: buffer[readIndex..<readIndex + available])
                readIndex += available
                if available < remaining {
                    state = .chunkData(request, remaining: remaining - available)
                    return .needMoreData
                }
                state = .chunkDataEnd(request)
            case .chunkDataEnd(let request):
                guard bufferedByteCount >= 2 else { return .needMoreData }
                guard buffer[readIndex] == 0x0D && buffer[readIndex + 1] == 0x0A else {
                    throw .malformed("chunk data not followed by CRLF")
                }
                readIndex += 2
                state = .chunkSize(request)
            case .trailers(let request, let receivedBytes):
                // Trailer fields are read and dropped: nothing here relies on them. Their total
                // is bounded like a head, so a request cannot go on forever.
                guard let line = try takeLine(limit: limits.maxHeadBytes) else { return .needMoreData }
                if line.isEmpty {
                    finishRequest()
                    return .request(request)
                }
                let total = receivedBytes + line.count + 2
                guard total <= limits.maxHeadBytes else { throw .headTooLarge }
                state = .trailers(request, receivedBytes: total)
            }
        }
    }

    private mutating func finishRequest() {
        state = .head
        continueReported = false
        scanIndex = readIndex
    }

    private mutating func compactIfWorthIt() {
        if readIndex > 0 && (readIndex == buffer.count || readIndex >= 4096) {
            buffer.removeFirst(readIndex)
            scanIndex -= readIndex
            readIndex = 0
        }
    }

    /// Finds the end of the head; parses it when complete.
    private mutating func parseHead() throws(HTTPParseError) -> HTTPRequest? {
        // Ignore empty lines before a request (RFC 9112 §2.2 robustness).
        while bufferedByteCount >= 2 && buffer[readIndex] == 0x0D && buffer[readIndex + 1] == 0x0A {
            readIndex += 2
        }
        scanIndex = max(scanIndex, readIndex)
        let end = buffer.count
        var index = max(scanIndex, readIndex + 3)
        var headEnd: Int? = nil
        buffer.withUnsafeBufferPointer { bytes in
            while index < end {
                if bytes[index] == 0x0A && bytes[index - 1] == 0x0D && bytes[index - 2] == 0x0A && bytes[index - 3] == 0x0D {
                    headEnd = index + 1
                    return
                }
                index += 1
            }
        }
        guard let headEnd else {
            scanIndex = max(readIndex, end - 3)
            if bufferedByteCount > limits.maxHeadBytes { throw .headTooLarge }
            return nil
        }
        if headEnd - readIndex > limits.maxHeadBytes { throw .headTooLarge }
        let request = try Self.parseHeadBytes(buffer[readIndex..<headEnd - 4], limits: limits)
        readIndex = headEnd
        return request
    }

    private mutating func startBody(of request: HTTPRequest) throws(HTTPParseError) {
        let transferEncodings = request.headers.values("Transfer-Encoding")
        let lengths = request.headers.values("Content-Length")
        if !transferEncodings.isEmpty {
            // Both framing headers at once is how requests get smuggled past proxies: refuse.
            guard lengths.isEmpty else { throw .malformed("both Transfer-Encoding and Content-Length") }
            guard request.minorVersion == 1 else { throw .malformed("Transfer-Encoding in HTTP/1.0") }
            let codings = transferEncodings.flatMap { $0.split(separator: ",") }.map { $0.trimmingSpaces().lowercased() }
            guard codings == ["chunked"] else { throw .unsupportedTransferEncoding }
            state = .chunkSize(request)
            return
        }
        guard let first = lengths.first else { return }
        guard lengths.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.count <= 18,
            first.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let length = Int(first)
        else { throw .malformed("invalid Content-Length") }
        guard length <= limits.maxBodyBytes else { throw .bodyTooLarge }
        if length > 0 { state = .fixedBody(request, remaining: length) }
    }

    /// Takes one CRLF-terminated line (without the CRLF), or nil when it is not all here.
    private mutating func takeLine(limit: Int) throws(HTTPParseError) -> ArraySlice<UInt8>? {
        // Resume where the last search stopped: a line trickled in byte by byte costs O(n).
        var index = max(readIndex, scanIndex)
        while index + 1 < buffer.count {
            if buffer[index] == 0x0D && buffer[index + 1] == 0x0A {
                let line = buffer[readIndex..<index]
                readIndex = index + 2
                scanIndex = readIndex
                return line
            }
            index += 1
            if index - readIndex > limit { throw .malformed("line too long") }
        }
        scanIndex = max(readIndex, buffer.count - 1)
        // A final CR may be the start of the CRLF: it does not count towards the line, or a
        // line of exactly `limit` bytes would be refused when its LF comes in a later read.
        let lineBytes = buffer.last == 0x0D ? bufferedByteCount - 1 : bufferedByteCount
        if lineBytes > limit { throw .malformed("line too long") }
        return nil
    }

    static func chunkSize(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        var size = 0
        var digits = 0
        for byte in line {
            if byte == UInt8(ascii: ";") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { break }
            guard let value = PercentDecoding.hexValue(byte) else { throw .malformed("invalid chunk size") }
            digits += 1
            guard digits <= 15 else { throw .bodyTooLarge }
            size = size << 4 | Int(value)
        }
        guard digits > 0 else { throw .malformed("invalid chunk size") }
        return size
    }
}
