/// The protocol state machine of one HTTP/1.1 server connection, without any I/O.
///
/// Events go in (bytes read, the peer's half-close, a handler's answer, pieces of a streamed
/// body, bytes written, a clock tick, shutdown); ``HTTPConnectionAction``s come out for the
/// I/O layer to carry out in order. It decides everything but routing: when a request is
/// complete, whether the connection is kept alive, that pipelined requests are answered one
/// at a time in order, when to stop reading, every time-out (head and body → 408, idle →
/// close, handler → 503, a stalled stream or reader → close), and when to close.
///
/// The time comes from an injected ``HTTPConnectionClock``. A value type owned by the one
/// thread that serves the connection.
public struct HTTPConnectionStateMachine {
    /// The request being answered. Plain values only, so changing phase costs no reference counting.
    struct InFlight {
        let id: UInt64
        /// When the request was complete (the handler's time-out counts from here).
        let started: UInt64
        /// What the request asked for; shutdown and a half-closed peer can still refuse it.
        let keepAlive: Bool
        let isHead: Bool
        let minorVersion: Int
    }

    /// A streamed body being sent.
    struct Stream {
        /// HTTP/1.1 streams in chunks; HTTP/1.0 sends the raw bytes and then closes.
        let chunked: Bool
        let keepAlive: Bool
        /// When the last piece was queued: a stream that goes silent times out from here.
        var lastProgress: UInt64
    }

    enum Phase {
        /// No request in flight: parsing what arrives.
        case reading
        /// A handler has the request.
        case answering(InFlight)
        /// The head is sent, the body is streaming.
        case streaming(InFlight, Stream)
        /// The socket belongs to a WebSocket now.
        case upgraded
        case closed
    }

    public let limits: HTTPConnectionLimits
    let clock: any HTTPConnectionClock
    var parser: HTTPRequestParser
    var phase = Phase.reading
    /// Close once the queued output is written (Connection: close, errors, time-outs).
    var closeAfterWrite = false
    /// The peer shut its sending side: answer what is in flight, then close.
    var peerClosedInput = false
    /// The server is stopping: answers carry Connection: close.
    var isDraining = false
    /// Bytes handed out in `.write` actions and not yet reported written.
    public private(set) var pendingOutputBytes = 0
    /// When the current request's first byte arrived, or the connection went idle.
    var phaseStart: UInt64
    /// When output last made progress, for clients that stop reading.
    var lastWriteProgress: UInt64
    var lastRequestID: UInt64 = 0

    public init(limits: HTTPConnectionLimits = HTTPConnectionLimits(), clock: any HTTPConnectionClock) {
        self.limits = limits
        self.clock = clock
        parser = HTTPRequestParser(limits: limits.parser)
        phaseStart = clock.now()
        lastWriteProgress = phaseStart
    }

    /// Whether the I/O layer should read: no request in flight, no close pending, and the
    /// output not backed up. Reading pauses otherwise (pipelined requests wait in the socket).
    public var wantsToRead: Bool {
        guard case .reading = phase else { return false }
        return !closeAfterWrite && !peerClosedInput && pendingOutputBytes < limits.maxPendingWriteBytes
    }

    /// Whether the connection is finished for HTTP (closed or handed to a WebSocket).
    public var isFinished: Bool {
        switch phase {
        case .upgraded, .closed: true
        default: false
        }
    }

    // MARK: Input

    /// Processes bytes read from the peer.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer, into actions: inout [HTTPConnectionAction]) {
        guard !isFinished else { return }
        if parser.isIdle { phaseStart = clock.now() }
        parser.append(bytes)
        processBufferedRequests(into: &actions)
    }

    /// Processes a byte array read from the peer.
    public mutating func receive(_ bytes: [UInt8], into actions: inout [HTTPConnectionAction]) {
        bytes.withUnsafeBytes { receive($0, into: &actions) }
    }

    /// The peer shut its sending side (a read returned 0): close once the output is written.
    public mutating func peerClosedInput(into actions: inout [HTTPConnectionAction]) {
        guard !isFinished else { return }
        peerClosedInput = true
        closeAfterWrite = true
        closeIfDone(into: &actions)
    }

    /// Answers complete requests from the parser's buffer, in order, until one is handed out,
    /// the output backs up, or no complete request is buffered.
    mutating func processBufferedRequests(into actions: inout [HTTPConnectionAction]) {
        while case .reading = phase, !closeAfterWrite, pendingOutputBytes < limits.maxPendingWriteBytes {
            let event: HTTPRequestParser.Event
            do {
                event = try parser.next()
            } catch {
                let response = HTTPResponse.error(status: error.status, code: error.code, message: error.message)
                queueUnparsed(response, into: &actions)
                return
            }
            switch event {
            case .needMoreData:
                if parser.isIdle { phaseStart = clock.now() }
                return
            case .continueRequested:
                write(Self.continueResponse, into: &actions)
            case .request(let request):
                lastRequestID &+= 1
                phase = .answering(
                    InFlight(
                        id: lastRequestID, started: clock.now(), keepAlive: request.keepAlive,
                        isHead: request.method == .head, minorVersion: request.minorVersion))
                actions.append(.handle(request, id: lastRequestID))
            }
        }
    }

    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    // MARK: Answers

    /// The handler's answer to request `id`. A late answer (after the 503 time-out) is
    /// dropped. A streamed body starts streaming (see ``HTTPConnectionAction/startStream(_:id:)``),
    /// except for HEAD, which gets the head alone.
    public mutating func respond(_ response: HTTPResponse, to id: UInt64, into actions: inout [HTTPConnectionAction]) {
        guard case .answering(let current) = phase, current.id == id else { return }
        if response.stream != nil && !current.isHead {
            startStream(response, for: current, into: &actions)
            return
        }
        phase = .reading
        let keepAlive = current.keepAlive && !isDraining && !peerClosedInput
        queue(response, keepAlive: keepAlive, includeBody: !current.isHead, into: &actions)
        record(current, status: response.status, end: phaseStart, into: &actions)
        processBufferedRequests(into: &actions)
        closeIfDone(into: &actions)
    }

    /// Hands the connection to a WebSocket after request `id` was accepted as an upgrade:
    /// returns the bytes that came behind the request (the first frames), or nil when `id`
    /// is not the request in flight. The I/O layer sends the 101 itself.
    public mutating func upgrade(_ id: UInt64, into actions: inout [HTTPConnectionAction]) -> [UInt8]? {
        guard case .answering(let current) = phase, current.id == id else { return nil }
        phase = .upgraded
        record(current, status: .switchingProtocols, end: clock.now(), into: &actions)
        return parser.takeRemainingBytes()
    }

    /// Serializes a complete response and queues it; without keep-alive, the connection
    /// closes once it is written.
    mutating func queue(
        _ response: HTTPResponse, keepAlive: Bool, includeBody: Bool, into actions: inout [HTTPConnectionAction]
    ) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(response.body.count + 256)
        response.serialize(into: &bytes, keepAlive: keepAlive, date: clock.date(), includeBody: includeBody)
        write(bytes, into: &actions)
        if !keepAlive { closeAfterWrite = true }
        phaseStart = clock.now()
    }

    /// Answers a request that never reached a handler (unparsable, too slow), then closes.
    mutating func queueUnparsed(_ response: HTTPResponse, into actions: inout [HTTPConnectionAction]) {
        queue(response, keepAlive: false, includeBody: true, into: &actions)
        actions.append(
            .completed(HTTPExchangeRecord(requestID: nil, status: response.status, duration: 0)))
        closeIfDone(into: &actions)
    }

    mutating func write(_ bytes: [UInt8], into actions: inout [HTTPConnectionAction]) {
        pendingOutputBytes += bytes.count
        actions.append(.write(bytes))
    }

    /// Reports an answer to the metrics: the time from the complete request to `end`.
    func record(_ current: InFlight, status: HTTPStatus, end: UInt64, into actions: inout [HTTPConnectionAction]) {
        let duration = end > current.started ? end - current.started : 0
        actions.append(
            .completed(
                HTTPExchangeRecord(requestID: current.id, status: status, duration: duration)))
    }

    // MARK: Output

    /// The I/O layer wrote `count` bytes of the queued output (possibly none): the
    /// connection closes once everything is written if a close is pending, and requests
    /// held back by a full output queue are answered once it drains.
    public mutating func wrote(_ count: Int, into actions: inout [HTTPConnectionAction]) {
        guard !isFinished else { return }
        let wasBackedUp = pendingOutputBytes >= limits.maxPendingWriteBytes
        pendingOutputBytes = max(0, pendingOutputBytes - count)
        if count > 0 { lastWriteProgress = clock.now() }
        if wasBackedUp && pendingOutputBytes < limits.maxPendingWriteBytes {
            processBufferedRequests(into: &actions)
        }
        closeIfDone(into: &actions)
    }

    /// Closes when a close is pending, nothing is in flight and everything is written.
    mutating func closeIfDone(into actions: inout [HTTPConnectionAction]) {
        guard closeAfterWrite, pendingOutputBytes == 0, case .reading = phase else { return }
        close(into: &actions)
    }

    mutating func close(into actions: inout [HTTPConnectionAction]) {
        guard !isFinished else { return }
        phase = .closed
        actions.append(.close)
    }

    // MARK: Time-outs and shutdown

    /// Enforces the time-outs; call it periodically (the server does once a second).
    public mutating func tick(into actions: inout [HTTPConnectionAction]) {
        guard !isFinished else { return }
        let now = clock.now()
        if pendingOutputBytes > 0 {
            // A client that stops reading its responses holds memory: drop it.
            if now > lastWriteProgress + limits.idleTimeout { close(into: &actions) }
            return
        }
        switch phase {
        case .streaming(_, let stream):
            // A stream that stops producing for the handler time-out is abandoned.
            if now > stream.lastProgress + limits.handlerTimeout { close(into: &actions) }
        case .answering(let current):
            guard now > current.started + limits.handlerTimeout else { return }
            phase = .reading
            let response = HTTPResponse.error(
                status: .serviceUnavailable, code: "timeout", message: "the request took too long")
            queue(response, keepAlive: false, includeBody: !current.isHead, into: &actions)
            record(current, status: response.status, end: phaseStart, into: &actions)
        case .reading:
            let limit: UInt64
            if parser.isIdle {
                limit = limits.idleTimeout
            } else if parser.isReadingBody {
                limit = limits.bodyTimeout
            } else {
                limit = limits.headTimeout
            }
            guard now > phaseStart + limit else { return }
            if parser.isIdle {
                close(into: &actions)
            } else {
                let response = HTTPResponse.error(
                    status: .requestTimeout, code: "request_timeout", message: "request not received in time")
                queueUnparsed(response, into: &actions)
            }
        case .upgraded, .closed:
            return
        }
    }

    /// The server is stopping: an idle connection closes now; the request in flight is
    /// answered with Connection: close, and buffered ones are not started.
    public mutating func beginShutdown(into actions: inout [HTTPConnectionAction]) {
        guard !isFinished else { return }
        isDraining = true
        if case .reading = phase, parser.isIdle, pendingOutputBytes == 0 {
            close(into: &actions)
        }
    }
}
