import EventLoop
import HTTP1
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// One HTTP/1.1 connection: reads requests, answers them one at a time in order
/// (pipelined requests wait in the parser's buffer), enforces the time-outs, and hands
/// the socket to a WebSocket connection after an upgrade.
///
/// Confined to its loop's thread; `@unchecked Sendable` only so an async handler's task
/// can name it in the closure that hops back to the loop.
final class HTTPConnection: EventHandler, ServerConnection, @unchecked Sendable {
    let fd: Int32
    private let context: LoopContext
    private var parser: HTTPRequestParser
    private var output = OutputQueue()
    private var isOpen = true
    /// A request is being answered; reading pauses until its response is queued.
    private var inFlight: InFlight?
    /// Close once the queued output is written (Connection: close, errors, shutdown).
    private var closeAfterWrite = false
    /// The peer shut its sending side: answer what is in flight, then close.
    private var peerClosedInput = false
    /// When the current request's first byte arrived, or the connection went idle.
    private var phaseStart: UInt64
    /// When output last made progress, for clients that stop reading.
    private var lastWriteProgress: UInt64
    private var interest: IOEvents = [.readable, .readHangup]

    /// The request being answered by a task.
    private struct InFlight {
        let route: String
        let method: String
        let started: UInt64
        let keepAlive: Bool
        let isHead: Bool
        /// Distinguishes this request's late answer from a later request's.
        let sequence: UInt64
        /// A streamed body is being sent; time-outs count from the last piece written.
        var isStreaming = false
        var lastProgress: UInt64 = 0
        /// HTTP/1.1 (chunked streams) or 1.0 (stream, then close).
        var minorVersion = 1
    }
    private var sequence: UInt64 = 0
    /// The peer's address, looked up once per connection (per-IP limits, logs).
    private lazy var remoteAddress: String = peerAddress(of: fd)

    init(fd: Int32, context: LoopContext) {
        self.fd = fd
        self.context = context
        parser = HTTPRequestParser(limits: context.server.configuration.parserLimits)
        phaseStart = MonotonicClock.now()
        lastWriteProgress = phaseStart
    }

    // MARK: Events

    func handleEvents(_ events: IOEvents) {
        if events.contains(.readable) || events.contains(.readHangup) {
            readAvailable()
        }
        if isOpen && events.contains(.writable) {
            flush()
        }
        if isOpen && !events.isDisjoint(with: .hangup) && !events.contains(.readable) {
            close()
        }
    }

    private func readAvailable() {
        // A stale report from before reading paused: the bytes wait in the socket.
        guard isOpen && inFlight == nil && !closeAfterWrite else { return }
        let buffer = context.readBuffer
        let wasIdle = parser.isIdle
        do {
            switch try Syscall.read(fd, into: buffer) {
            case .wouldBlock:
                return
            case .processed(0):
                peerClosedInput = true
                if output.isEmpty { close() } else { closeAfterWrite = true; updateInterest() }
                return
            case .processed(let count):
                parser.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
        } catch {
            close()
            return
        }
        if wasIdle { phaseStart = MonotonicClock.now() }
        processBufferedRequests()
    }

    /// Answers complete requests from the parser's buffer, in order, until one goes async,
    /// the output backs up, or the buffer holds no complete request.
    private func processBufferedRequests() {
        while isOpen && inFlight == nil && !closeAfterWrite
            && output.pendingBytes < context.server.configuration.maxPendingWriteBytes
        {
            let event: HTTPRequestParser.Event
            do {
                event = try parser.next()
            } catch {
                respondToParseError(error)
                break
            }
            switch event {
            case .needMoreData:
                if parser.isIdle { phaseStart = MonotonicClock.now() }
                flush()  // writes what is queued, then sets interest once
                return
            case .continueRequested:
                output.append(Self.continueResponse)
            case .request(let request):
                dispatch(request)
            }
        }
        flush()
    }

    private static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    // MARK: Dispatch

    private func dispatch(_ request: HTTPRequest) {
        let started = MonotonicClock.now()
        let keepAlive = request.keepAlive && !context.isDraining
        let isHead = request.method == "HEAD"
        switch context.server.router.match(method: request.method, path: request.path) {
        case .notFound:
            queue(HTTPError.notFound("no route for \(request.method) \(request.path)").response, route: "unmatched",
                  method: request.method, started: started, keepAlive: keepAlive, isHead: isHead)
        case .methodNotAllowed(let allowed):
            var response = HTTPError(405, code: "method_not_allowed", message: "method not allowed").response
            response.headers.set("Allow", allowed.joined(separator: ", "))
            queue(response, route: "unmatched", method: request.method, started: started, keepAlive: keepAlive, isHead: isHead)
        case .found(let route, let parameters):
            var request = request
            request.pathParameters = parameters
            request.remoteAddress = remoteAddress
            switch route.handler {
            case .inline(let handler):
                let response = Self.run { try handler(request) } logger: { self.context.server.logger }
                if response.stream != nil && !isHead {
                    sequence &+= 1
                    inFlight = InFlight(
                        route: route.pattern, method: request.method, started: started, keepAlive: keepAlive, isHead: isHead,
                        sequence: sequence, minorVersion: request.minorVersion)
                    startStream(response)
                } else {
                    queue(response, route: route.pattern, method: request.method, started: started, keepAlive: keepAlive, isHead: isHead)
                }
            case .async(let handler):
                startAsync(handler, request: request, route: route.pattern, started: started, keepAlive: keepAlive, isHead: isHead)
            case .webSocket(let upgrader):
                upgrade(request, upgrader: upgrader, route: route.pattern, started: started)
            }
        }
    }

    private func startAsync(
        _ handler: @escaping AsyncHandler, request: HTTPRequest, route: String, started: UInt64, keepAlive: Bool, isHead: Bool
    ) {
        sequence &+= 1
        let current = InFlight(
            route: route, method: request.method, started: started, keepAlive: keepAlive, isHead: isHead, sequence: sequence,
            minorVersion: request.minorVersion)
        inFlight = current
        updateInterest()
        let loop = context.loop
        let logger = context.server.logger
        // On the connection's own loop: the handler's code between awaits runs here, and
        // the answer is queued without a hop (see EventLoop+TaskExecutor).
        Task(executorPreference: loop) {
            let response: HTTPResponse
            do {
                response = try await handler(request)
            } catch {
                response = Self.response(for: error, logger: logger)
            }
            loop.execute { self.finishAsync(response, sequence: current.sequence) }
        }
    }

    private func finishAsync(_ response: HTTPResponse, sequence finished: UInt64) {
        guard isOpen, let current = inFlight, current.sequence == finished, !current.isStreaming else { return }
        if response.stream != nil && !current.isHead {
            startStream(response)
            return
        }
        inFlight = nil
        queue(response, route: current.route, method: current.method, started: current.started,
              keepAlive: current.keepAlive && !context.isDraining && !peerClosedInput, isHead: current.isHead)
        processBufferedRequests()
    }

    /// Runs an inline handler, turning thrown errors into responses.
    private static func run(_ body: () throws -> HTTPResponse, logger: () -> Logger) -> HTTPResponse {
        do {
            return try body()
        } catch {
            return response(for: error, logger: logger())
        }
    }

    /// The response for an error thrown by a handler: its own for HTTPError, else a logged 500.
    static func response(for error: Error, logger: Logger) -> HTTPResponse {
        if let error = error as? HTTPError { return error.response }
        logger.error("handler failed", ["error": .string(String(describing: error))])
        return HTTPResponse.error(status: 500, code: "internal_error", message: "internal server error")
    }

    private func queue(_ response: HTTPResponse, route: String, method: String, started: UInt64, keepAlive: Bool, isHead: Bool) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(response.body.count + 256)
        response.serialize(into: &bytes, keepAlive: keepAlive, date: context.dateCache.current(), includeBody: !isHead)
        output.append(bytes)
        if !keepAlive { closeAfterWrite = true }
        phaseStart = MonotonicClock.now()
        context.server.metrics.recordRequest(
            route: route, method: method, status: response.status, seconds: Double(phaseStart - started) / 1e9)
    }

    private func respondToParseError(_ error: HTTPParseError) {
        let response = HTTPResponse.error(status: error.status, code: error.code, message: error.message)
        queue(response, route: "unparsed", method: "-", started: MonotonicClock.now(), keepAlive: false, isHead: false)
    }

    // MARK: Streamed bodies

    /// Sends the head now and each piece as the streamer writes it (chunked on HTTP/1.1;
    /// raw and then close on 1.0). The request stays in flight until the streamer returns.
    private func startStream(_ response: HTTPResponse) {
        guard var current = inFlight, let streamer = response.stream else { return }
        let chunked = current.minorVersion >= 1
        let keepAlive = current.keepAlive && chunked && !context.isDraining
        var head: [UInt8] = []
        response.serialize(into: &head, keepAlive: keepAlive, date: context.dateCache.current(), chunked: chunked)
        output.append(head)
        current.isStreaming = true
        current.lastProgress = MonotonicClock.now()
        inFlight = current
        context.server.metrics.recordRequest(
            route: current.route, method: current.method, status: response.status,
            seconds: Double(current.lastProgress - current.started) / 1e9)
        flush()
        let loop = context.loop
        let sequence = current.sequence
        let logger = context.server.logger
        Task {
            do {
                try await streamer { bytes in try await self.writeStreamPiece(bytes, sequence: sequence, chunked: chunked) }
                loop.execute { self.finishStream(sequence: sequence, chunked: chunked, keepAlive: keepAlive) }
            } catch {
                logger.debug("stream ended early", ["error": .string(String(describing: error))])
                // The head is gone already: the only honest end is to close the connection.
                loop.execute { if self.inFlight?.sequence == sequence { self.close() } }
            }
        }
    }

    /// Queues one piece on the loop; throws when the client is gone so the streamer stops.
    private func writeStreamPiece(_ bytes: [UInt8], sequence: UInt64, chunked: Bool) async throws {
        guard !bytes.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            context.loop.execute {
                guard self.isOpen, var current = self.inFlight, current.sequence == sequence else {
                    continuation.resume(throwing: IOError(errno: EPIPE, function: "stream write"))
                    return
                }
                guard self.output.pendingBytes < self.context.server.configuration.maxPendingWriteBytes else {
                    // The client reads slower than the stream produces: stop rather than buffer.
                    continuation.resume(throwing: IOError(errno: ENOBUFS, function: "stream write"))
                    return
                }
                if chunked {
                    self.output.append(Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + [0x0D, 0x0A])
                } else {
                    self.output.append(bytes)
                }
                current.lastProgress = MonotonicClock.now()
                self.inFlight = current
                self.flush()
                continuation.resume()
            }
        }
    }

    private func finishStream(sequence: UInt64, chunked: Bool, keepAlive: Bool) {
        guard isOpen, inFlight?.sequence == sequence else { return }
        if chunked { output.append(Self.lastChunk) }
        inFlight = nil
        if !keepAlive { closeAfterWrite = true }
        phaseStart = MonotonicClock.now()
        processBufferedRequests()
    }

    private static let lastChunk = Array("0\r\n\r\n".utf8)

    // MARK: WebSocket upgrade

    private func upgrade(_ request: HTTPRequest, upgrader: WebSocketUpgrader, route: String, started: UInt64) {
        let keepAlive = request.keepAlive && !context.isDraining
        if context.isDraining {
            let response = HTTPError.unavailable("server shutting down").response
            queue(response, route: route, method: request.method, started: started, keepAlive: false, isHead: false)
            return
        }
        switch upgrader.prepare(request) {
        case .refuse(let response):
            queue(response, route: route, method: request.method, started: started, keepAlive: keepAlive, isHead: false)
        case .accept(let handler, let responseHead):
            context.server.metrics.recordRequest(
                route: route, method: request.method, status: 101, seconds: Double(MonotonicClock.now() - started) / 1e9)
            // Frames the client sent right behind its upgrade request belong to the socket.
            let leftover = parser.takeRemainingBytes()
            isOpen = false
            context.loop.deregister(fd)
            let socket = ServerWebSocket(
                fd: fd, context: context, request: request, handler: handler, responseHead: responseHead,
                initialBytes: leftover)
            socket.start()
        }
    }

    // MARK: Output and interest

    private func flush() {
        guard isOpen else { return }
        if !output.isEmpty {
            do {
                let before = output.pendingBytes
                let result = try output.flush(to: fd)
                if output.pendingBytes != before { lastWriteProgress = MonotonicClock.now() }
                if case .blocked = result {
                    updateInterest()
                    return
                }
            } catch {
                close()
                return
            }
        }
        if closeAfterWrite && inFlight == nil {
            close()
            return
        }
        updateInterest()
    }

    private func updateInterest() {
        guard isOpen else { return }
        var wanted: IOEvents = []
        let reading = inFlight == nil && !closeAfterWrite && !peerClosedInput
            && output.pendingBytes < context.server.configuration.maxPendingWriteBytes
        // Hang-up of the reading side is asked for only while reading: epoll is
        // level-triggered, and an unread half-close would be reported on every turn.
        if reading { wanted.formUnion([.readable, .readHangup]) }
        if !output.isEmpty { wanted.insert(.writable) }
        if wanted != interest {
            interest = wanted
            context.loop.setInterest(fd, wanted)
        }
    }

    // MARK: Time-outs and closing

    func sweep(now: UInt64) {
        guard isOpen else { return }
        let configuration = context.server.configuration
        if !output.isEmpty {
            // A client that stops reading its responses holds memory: drop it.
            if now > lastWriteProgress + ServerCore.nanoseconds(configuration.idleTimeoutSeconds) { close() }
            return
        }
        if let current = inFlight {
            if current.isStreaming {
                // A stream that stops producing for the handler time-out is abandoned.
                if now > current.lastProgress + ServerCore.nanoseconds(configuration.handlerTimeoutSeconds) { close() }
                return
            }
            if now > current.started + ServerCore.nanoseconds(configuration.handlerTimeoutSeconds) {
                let response = HTTPResponse.error(status: 503, code: "timeout", message: "the request took too long")
                inFlight = nil
                queue(response, route: current.route, method: current.method, started: current.started, keepAlive: false, isHead: current.isHead)
                flush()
            }
            return
        }
        let limit: Double
        if parser.isIdle {
            limit = configuration.idleTimeoutSeconds
        } else if parser.isReadingBody {
            limit = configuration.bodyTimeoutSeconds
        } else {
            limit = configuration.headTimeoutSeconds
        }
        if now > phaseStart + ServerCore.nanoseconds(limit) {
            if parser.isIdle {
                close()
            } else {
                let response = HTTPResponse.error(status: 408, code: "request_timeout", message: "request not received in time")
                queue(response, route: "unparsed", method: "-", started: now, keepAlive: false, isHead: false)
                flush()
            }
        }
    }

    func beginShutdown() {
        guard isOpen else { return }
        if inFlight == nil && parser.isIdle && output.isEmpty {
            close()
        }
        // Otherwise the request in flight is answered with Connection: close (isDraining).
    }

    func forceClose() { close() }

    private func close() {
        guard isOpen else { return }
        isOpen = false
        output.removeAll()
        context.loop.deregister(fd)
        Syscall.close(fd)
        context.remove(fd)
    }
}
