extension HTTPConnectionStateMachine {
    /// Queues the head of a streamed response (chunked on HTTP/1.1; on 1.0 the body is
    /// delimited by closing the connection) and asks the I/O layer to run the streamer.
    /// The request stays in flight until the stream ends.
    mutating func startStream(
        _ response: HTTPResponse, for current: InFlight, into actions: inout [HTTPConnectionAction]
    ) {
        guard let streamer = response.stream else { return }
        let chunked = current.minorVersion >= 1
        let keepAlive = current.keepAlive && chunked && !isDraining
        var head: [UInt8] = []
        response.serialize(into: &head, keepAlive: keepAlive, date: clock.date(), chunked: chunked)
        write(head, into: &actions)
        let now = clock.now()
        phase = .streaming(current, Stream(chunked: chunked, keepAlive: keepAlive, lastProgress: now))
        record(current, status: response.status, end: now, into: &actions)
        actions.append(.startStream(streamer, id: current.id))
    }

    /// Offers one piece of request `id`'s streamed body. Queued (framed as a chunk on
    /// HTTP/1.1) unless the stream is over or the client is not keeping up.
    public mutating func streamWrite(
        _ bytes: [UInt8], for id: UInt64, into actions: inout [HTTPConnectionAction]
    ) -> HTTPStreamWriteResult {
        guard case .streaming(let current, var stream) = phase, current.id == id else { return .gone }
        guard pendingOutputBytes < limits.maxPendingWriteBytes else { return .backedUp }
        guard !bytes.isEmpty else { return .accepted }
        if stream.chunked {
            write(Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + [0x0D, 0x0A], into: &actions)
        } else {
            write(bytes, into: &actions)
        }
        stream.lastProgress = clock.now()
        phase = .streaming(current, stream)
        return .accepted
    }

    /// Request `id`'s streamer returned: the body ends, and the next request may start.
    public mutating func streamFinished(_ id: UInt64, into actions: inout [HTTPConnectionAction]) {
        guard case .streaming(let current, let stream) = phase, current.id == id else { return }
        if stream.chunked { write(Self.lastChunk, into: &actions) }
        phase = .reading
        if !stream.keepAlive { closeAfterWrite = true }
        phaseStart = clock.now()
        processBufferedRequests(into: &actions)
        closeIfDone(into: &actions)
    }

    /// Request `id`'s streamer threw: the head is gone already, so the only honest end
    /// is to close the connection.
    public mutating func streamFailed(_ id: UInt64, into actions: inout [HTTPConnectionAction]) {
        guard case .streaming(let current, _) = phase, current.id == id else { return }
        close(into: &actions)
    }

    static let lastChunk = Array("0\r\n\r\n".utf8)
}
