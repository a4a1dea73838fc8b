/// A pure parser of `text/event-stream` (the server-sent events of a streamed completion):
/// fed bytes as they arrive, split anywhere, it returns each event's data once the blank
/// line ending the event has come. Only `data:` fields matter here; comments (`:`) and
/// other fields are skipped. Lines end with LF, CRLF or CR.
struct ServerSentEventParser: Sendable {
    /// Bytes of the line not yet ended.
    private var line: [UInt8] = []
    /// The data lines of the event being read.
    private var dataLines: [String] = []
    /// True right after a CR, so that the LF of a CRLF does not end a second line.
    private var afterCarriageReturn = false
    /// A line longer than this is cut (a misbehaving server cannot grow memory without bound).
    let maxLineBytes: Int

    /// A parser that cuts lines at `maxLineBytes`.
    init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// The events completed by `bytes`, each its data lines joined by "\n".
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        var events: [String] = []
        for byte in bytes {
            if byte == 0x0A && afterCarriageReturn {
                afterCarriageReturn = false
                continue
            }
            afterCarriageReturn = byte == 0x0D
            if byte == 0x0A || byte == 0x0D {
                if let event = endLine() { events.append(event) }
            } else if line.count < maxLineBytes {
                line.append(byte)
            }
        }
        return events
    }

    /// Handles a complete line; returns an event when the line was the blank one ending it.
    private mutating func endLine() -> String? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard !dataLines.isEmpty else { return nil }
            defer { dataLines.removeAll() }
            return dataLines.joined(separator: "\n")
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("data:") else { return nil }
        var value = text.dropFirst(5)
        if value.first == " " { value = value.dropFirst() }
        dataLines.append(String(value))
        return nil
    }
}
