import EventLoop

/// Bytes waiting to be written to one socket, in order. Chunks are arrays, so a frame
/// broadcast to many sockets is shared (copy-on-write), never copied per socket.
struct OutputQueue {
    private var chunks: [[UInt8]] = []
    /// How much of `chunks[0]` has been written already.
    private var headOffset = 0
    /// Bytes not yet written.
    private(set) var pendingBytes = 0

    var isEmpty: Bool { pendingBytes == 0 }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        chunks.append(bytes)
        pendingBytes += bytes.count
    }

    /// What a flush achieved.
    enum FlushResult {
        /// Everything queued is written.
        case drained
        /// The socket is full: wait for writability.
        case blocked
    }

    /// Writes as much as the socket takes, at most `byteBudget` (so one client cannot hog a loop).
    mutating func flush(to fd: Int32, byteBudget: Int = 1 << 20) throws -> FlushResult {
        var budget = byteBudget
        while !chunks.isEmpty && budget > 0 {
            let result = try chunks[0].withUnsafeBytes { bytes in
                try Syscall.write(fd, from: UnsafeRawBufferPointer(rebasing: bytes[headOffset..<min(bytes.count, headOffset + budget)]))
            }
            switch result {
            case .wouldBlock:
                return .blocked
            case .processed(let written):
                pendingBytes -= written
                budget -= written
                headOffset += written
                if headOffset == chunks[0].count {
                    chunks.removeFirst()
                    headOffset = 0
                }
            }
        }
        return chunks.isEmpty ? .drained : .blocked
    }

    /// Drops everything (the socket is gone).
    mutating func removeAll() {
        chunks.removeAll()
        headOffset = 0
        pendingBytes = 0
    }
}
