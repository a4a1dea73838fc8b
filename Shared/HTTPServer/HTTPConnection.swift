import EventLoop
import HTTP1
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The I/O shell of one HTTP/1.1 connection: reads and writes the socket, routes each request
/// the state machine hands out and runs its handler, and hands the socket to a WebSocket
/// after an upgrade. Every decision (keep-alive, pipelining, time-outs, closing) is
/// ``HTTPConnectionStateMachine``'s.
///
/// Confined to its loop's thread; `@unchecked Sendable` only so an async handler's task
/// can name it in the closure that hops back to the loop.
final class HTTPConnection: EventHandler, ServerConnection, @unchecked Sendable {
    let fd: Int32
    private let context: LoopContext
    private var machine: HTTPConnectionStateMachine
    /// The action buffer, kept with its capacity between events. Each event works on a
    /// local copy taken with `takeActions()`: a local array needs no exclusivity checks.
    private var spareActions: [HTTPConnectionAction] = []
    private var output = OutputQueue()
    private var isOpen = true
    private var interest: IOEvents = [.readable, .readHangup]
    /// The request being answered as the metrics label it: its id, route pattern and method.
    private var current = Exchange(id: 0, pattern: "", method: "")
    /// The peer's address, looked up once per connection (per-IP limits, logs).
    private lazy var remoteAddress: String = peerAddress(of: fd)

    init(fd: Int32, context: LoopContext) {
        self.fd = fd
        self.context = context
        machine = HTTPConnectionStateMachine(limits: context.server.connectionLimits, clock: context.clock)
    }

    /// The metrics' labels of a request.
    private struct Exchange {
        let id: UInt64
        var pattern: String
        let method: HTTPMethod
    }

    // MARK: Events

    func handleEvents(_ events: IOEvents) {
        if events.contains(.readable) || events.contains(.readHangup) {
            readAvailable()
        }
        if isOpen && events.contains(.writable) {
            var actions = takeActions()
            perform(&actions)
        }
        if isOpen && !events.isDisjoint(with: .hangup) && !events.contains(.readable) {
            close()
        }
    }

    private func readAvailable() {
        // A stale report from before reading paused: the bytes wait in the socket.
        guard isOpen && machine.wantsToRead else { return }
        let buffer = context.readBuffer
        let count: Int
        do {
            guard case .processed(let read) = try Syscall.read(fd, into: buffer) else { return }
            count = read
        } catch {
            close()
            return
        }
        var actions = takeActions()
        if count == 0 {
            machine.peerClosedInput(into: &actions)
        } else {
            machine.receive(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), into: &actions)
        }
        perform(&actions)
    }

    func sweep(now: UInt64) {
        guard isOpen else { return }
        var actions = takeActions()
        machine.tick(into: &actions)
        perform(&actions)
    }

    func beginShutdown() {
        guard isOpen else { return }
        var actions = takeActions()
        machine.beginShutdown(into: &actions)
        perform(&actions)
    }

    func forceClose() { close() }

    // MARK: Actions

    /// Carries out the machine's actions in order, then writes what is queued and tells the
    /// machine, until it has nothing more to say; then sets the socket's interest.
    private func perform(_ actions: inout [HTTPConnectionAction]) {
        var index = 0
        while true {
            while index < actions.count {
                // Moved out, not copied: an action holds a whole request or response.
                var action = HTTPConnectionAction.close
                swap(&action, &actions[index])
                index += 1
                execute(action, &actions)
            }
            guard isOpen else { break }
            let before = output.pendingBytes
            if !output.isEmpty {
                do {
                    _ = try output.flush(to: fd)
                } catch {
                    close()
                    break
                }
            }
            machine.wrote(before - output.pendingBytes, into: &actions)
            if index == actions.count { break }
        }
        actions.removeAll(keepingCapacity: true)
        spareActions = actions
        updateInterest()
    }

    private func takeActions() -> [HTTPConnectionAction] {
        let actions = spareActions
        spareActions = []
        return actions
    }

    private func execute(_ action: consuming HTTPConnectionAction, _ actions: inout [HTTPConnectionAction]) {
        switch action {
        case .write(let bytes):
            if isOpen { output.append(bytes) }
        case .handle(let request, let id):
            dispatch(request, id: id, &actions)
        case .startStream(let streamer, let id):
            startStream(streamer, id: id)
        case .completed(let record):
            let known = record.requestID != nil && record.requestID == current.id
            context.server.metrics.recordRequest(
                route: known ? current.pattern : "unparsed", method: known ? current.method.rawValue : "-",
                status: record.status.code,
                seconds: Double(record.duration) / 1e9)
        case .close:
            close()
        }
    }

    // MARK: Dispatch

    private func dispatch(_ request: consuming HTTPRequest, id: UInt64, _ actions: inout [HTTPConnectionAction]) {
        current = Exchange(id: id, pattern: "unmatched", method: request.method)
        switch context.server.router.match(method: request.method, path: request.path) {
        case .notFound:
            let response = HTTPError.notFound("no route for \(request.method) \(request.path)").response
            machine.respond(response, to: id, into: &actions)
        case .methodNotAllowed(let allowed):
            var response = HTTPError(.methodNotAllowed, code: "method_not_allowed", message: "method not allowed")
                .response
            response.headers.set("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            machine.respond(response, to: id, into: &actions)
        case .found(let found, let parameters):
            current.pattern = found.pattern
            var request = request
            request.pathParameters = parameters
            request.remoteAddress = remoteAddress
            switch found.handler {
            case .inline(let handler):
                let response = Self.run {
                    try handler(request)
                } logger: {
                    self.context.server.logger
                }
                machine.respond(response, to: id, into: &actions)
            case .async(let handler):
                startAsync(handler, request: request, id: id)
            case .webSocket(let upgrader):
                upgrade(request, upgrader: upgrader, id: id, &actions)
            }
        }
    }

    private func startAsync(_ handler: @escaping AsyncHandler, request: HTTPRequest, id: UInt64) {
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
            loop.execute { self.finishAsync(response, id: id) }
        }
    }

    private func finishAsync(_ response: HTTPResponse, id: UInt64) {
        guard isOpen else { return }
        var actions = takeActions()
        machine.respond(response, to: id, into: &actions)
        perform(&actions)
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
        return HTTPResponse.error(
            status: .internalServerError, code: "internal_error", message: "internal server error")
    }

    // MARK: Streamed bodies

    /// Runs a streamer in a task; each piece hops to the loop and into the machine.
    private func startStream(_ streamer: @escaping BodyStreamer, id: UInt64) {
        let loop = context.loop
        let logger = context.server.logger
        Task {
            do {
                try await streamer { bytes in try await self.writeStreamPiece(bytes, id: id) }
                loop.execute { self.endStream(id, failed: false) }
            } catch {
                logger.debug("stream ended early", ["error": .string(String(describing: error))])
                loop.execute { self.endStream(id, failed: true) }
            }
        }
    }

    /// Queues one piece on the loop; throws when the client is gone so the streamer stops.
    private func writeStreamPiece(_ bytes: [UInt8], id: UInt64) async throws {
        guard !bytes.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            context.loop.execute {
                guard self.isOpen else {
                    continuation.resume(throwing: IOError(errno: EPIPE, function: "stream write"))
                    return
                }
                var actions = self.takeActions()
                switch self.machine.streamWrite(bytes, for: id, into: &actions) {
                case .accepted:
                    self.perform(&actions)
                    continuation.resume()
                case .gone:
                    self.spareActions = actions
                    continuation.resume(throwing: IOError(errno: EPIPE, function: "stream write"))
                case .backedUp:
                    self.spareActions = actions
                    continuation.resume(throwing: IOError(errno: ENOBUFS, function: "stream write"))
                }
            }
        }
    }

    private func endStream(_ id: UInt64, failed: Bool) {
        guard isOpen else { return }
        var actions = takeActions()
        if failed {
            machine.streamFailed(id, into: &actions)
        } else {
            machine.streamFinished(id, into: &actions)
        }
        perform(&actions)
    }

    // MARK: WebSocket upgrade

    private func upgrade(
        _ request: HTTPRequest, upgrader: WebSocketUpgrader, id: UInt64, _ actions: inout [HTTPConnectionAction]
    ) {
        if context.isDraining {
            // Answered with Connection: close, as every answer while draining.
            machine.respond(HTTPError.unavailable("server shutting down").response, to: id, into: &actions)
            return
        }
        switch upgrader.prepare(request) {
        case .refuse(let response):
            machine.respond(response, to: id, into: &actions)
        case .accept(let handler, let responseHead):
            // Frames the client sent right behind its upgrade request belong to the socket.
            guard let leftover = machine.upgrade(id, into: &actions) else { return }
            isOpen = false
            context.loop.deregister(fd)
            let socket = ServerWebSocket(
                fd: fd, context: context, request: request, handler: handler, responseHead: responseHead,
                initialBytes: leftover)
            socket.start()
        }
    }

    // MARK: Interest and closing

    private func updateInterest() {
        guard isOpen else { return }
        var wanted: IOEvents = []
        // Hang-up of the reading side is asked for only while reading: epoll is
        // level-triggered, and an unread half-close would be reported on every turn.
        if machine.wantsToRead { wanted.formUnion([.readable, .readHangup]) }
        if !output.isEmpty { wanted.insert(.writable) }
        if wanted != interest {
            interest = wanted
            context.loop.setInterest(fd, wanted)
        }
    }

    private func close() {
        guard isOpen else { return }
        isOpen = false
        output.removeAll()
        context.loop.deregister(fd)
        Syscall.close(fd)
        context.remove(fd)
    }
}
