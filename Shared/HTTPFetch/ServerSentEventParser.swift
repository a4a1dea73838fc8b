/// Server-sent events (the `text/event-stream` format), parsed as bytes arrive: a pure
/// value, fed whatever pieces the network delivers. Lines end with LF, CRLF or CR; comments
/// (`:` lines, keep-alives) and fields other than `event` and `data` are skipped. The one
/// parser of the suite: ingest-api reads a model's stream with it, the desk's processes
/// read ingest-api's (see `IngestStreamEvent`).
public struct ServerSentEventParser: Sendable {
    /// One dispatched event: its `event:` name ("message" when none) and its data lines
    /// joined with "\n".
    public struct Event: Equatable, Sendable {
        /// The `event:` field, or "message".
        public var name: String
        /// The `data:` lines, joined with newlines.
        public var data: String

        /// An event with `name` and `data`.
        public init(name: String, data: String) {
            self.name = name
            self.data = data
        }
    }

    /// A line longer than this is not an answer piece: the stream is refused instead of
    /// buffered without bound.
    public let maxLineBytes: Int
    /// The line being received.
    private var line: [UInt8] = []
    /// The event name gathered so far.
    private var name = ""
    /// The data lines gathered so far.
    private var dataLines: [String] = []
    /// True right after a CR, so that the LF of a CRLF does not end a second line.
    private var afterCarriageReturn = false

    /// A parser refusing lines over `maxLineBytes`.
    public init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// A line over `maxLineBytes`.
    public struct LineTooLong: Error {}

    /// Feeds bytes; returns the events completed by them, in order.
    public mutating func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws(LineTooLong) -> [Event] {
        var events: [Event] = []
        for byte in bytes {
            if byte == 0x0A && afterCarriageReturn {
                afterCarriageReturn = false
                continue
            }
            afterCarriageReturn = byte == 0x0D
            if byte == 0x0A || byte == 0x0D {
                if let event = finishLine() { events.append(event) }
                line.removeAll(keepingCapacity: true)
            } else {
                guard line.count < maxLineBytes else { throw LineTooLong() }
                line.append(byte)
            }
        }
        return events
    }

    /// Interprets one complete line; a blank line dispatches the event gathered so far.
    private mutating func finishLine() -> Event? {
        if line.isEmpty {
            defer {
                name = ""
                dataLines = []
            }
            guard !dataLines.isEmpty else { return nil }
            return Event(name: name.isEmpty ? "message" : name, data: dataLines.joined(separator: "\n"))
        }
        // ":" starts a comment (keep-alives); "field: value" drops one space after the colon.
        guard line[0] != UInt8(ascii: ":") else { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
        let field = String(decoding: line[..<colon], as: UTF8.self)
        var valueStart = min(colon + 1, line.count)
        if valueStart < line.count && line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = String(decoding: line[valueStart...], as: UTF8.self)
        switch field {
        case "event": name = value
        case "data": dataLines.append(value)
        default: break  // id, retry and unknown fields mean nothing here
        }
        return nil
    }
}
