import EventLoop
import HTTP1
import Logging
import Synchronization
import WebSocket

/// One upgraded connection on the server side: runs the protocol (`WebSocketSession`),
/// queues output with a bound, pings idle peers and drops dead ones.
///
/// State is confined to the owning loop's thread. `send` and `close` may be called from any
/// thread: off the loop they hop onto it. That is what makes `@unchecked Sendable` sound.
public final class ServerWebSocket: EventHandler, ServerConnection, @unchecked Sendable {
    /// Unique within the process, for registries and logs.
    public let id: UInt64
    /// The upgrade request: path, query and headers.
    public let request: HTTPRequest
    /// The loop that owns this socket; batch work for many sockets per loop.
    public let loop: EventLoop
    let fd: Int32
    private let context: LoopContext
    private let handler: WebSocketHandler
    private var session: WebSocketSession
    private var output = OutputQueue()
    private var actions: [WebSocketAction] = []
    private var isOpen = true
    private var interest: IOEvents = [.readable, .readHangup]
    /// After the close handshake: close TCP once the output is written.
    private var closeAfterFlush = false
    /// When we sent a close frame and wait for the peer's.
    private var closeSentAt: UInt64?
    private var lastHeard: UInt64
    private var pingSentAt: UInt64?
    private var peerCloseCode: WebSocketCloseCode?
    private var didOpen = false

    private static let nextID = Atomic<UInt64>(1)

    init(
        fd: Int32, context: LoopContext, request: HTTPRequest, handler: WebSocketHandler, responseHead: [UInt8],
        initialBytes: [UInt8]
    ) {
        self.id = Self.nextID.add(1, ordering: .relaxed).oldValue
        self.fd = fd
        self.context = context
        self.loop = context.loop
        self.request = request
        self.handler = handler
        let configuration = context.server.configuration.webSocket
        session = WebSocketSession(limits: WebSocketLimits(maxMessageBytes: configuration.maxMessageBytes))
        lastHeard = MonotonicClock.now()
        output.append(responseHead)
        pendingInitialBytes = initialBytes
    }

    private var pendingInitialBytes: [UInt8]

    /// Registers with the loop, sends the 101 and processes bytes that came with the request.
    func start() {
        context.replace(self)
        context.server.webSocketOpened()
        do {
            try loop.register(fd, interest: interest, handler: self)
        } catch {
            forceClose()
            return
        }
        didOpen = true
        handler.webSocketDidOpen(self)
        if !pendingInitialBytes.isEmpty {
            let bytes = pendingInitialBytes
            pendingInitialBytes = []
            bytes.withUnsafeBytes { receive($0) }
        }
        flush()
    }

    // MARK: Sending (any thread)

    /// Sends a text message.
    public func send(text: String) {
        send(encodedFrame: WebSocketFrameEncoder.encodeText(text))
    }

    /// Sends a frame encoded once for many sockets (`WebSocketFrameEncoder.encodeText`).
    public func send(encodedFrame: [UInt8]) {
        if loop.isCurrent {
            enqueue(encodedFrame)
        } else {
            loop.execute { self.enqueue(encodedFrame) }
        }
    }

    /// Starts the close handshake with `code`.
    public func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") {
        if loop.isCurrent {
            startClose(code: code, reason: reason)
        } else {
            loop.execute { self.startClose(code: code, reason: reason) }
        }
    }

    /// Queues a frame; on the loop thread only. A client whose queue is over the bound is
    /// closed with 1013 instead of growing memory without limit.
    public func enqueue(_ frame: [UInt8]) {
        guard isOpen && session.isOpen else { return }
        if output.pendingBytes + frame.count > context.server.configuration.webSocket.maxQueuedBytes {
            context.server.metrics.increment(
                "websocket_slow_consumer_closes_total", help: "WebSockets closed for not reading fast enough.")
            startClose(code: .tryAgainLater, reason: "too slow")
            return
        }
        if output.isEmpty {
            // Fast path for fan-out: write straight from the shared frame; only what the
            // socket does not take is queued (and then waits for writability).
            let written: Int
            switch try? frame.withUnsafeBytes({ try Syscall.write(fd, from: $0) }) {
            case .processed(let count)?: written = count
            case .wouldBlock?: written = 0
            case nil:
                forceClose()
                return
            }
            if written == frame.count { return }
            output.append(written == 0 ? frame : Array(frame[written...]))
            setInterest(writing: true)
            return
        }
        output.append(frame)
        flush()
    }

    // MARK: Events

    /// Called by the loop; not for handlers.
    public func handleEvents(_ events: IOEvents) {
        if events.contains(.readable) || events.contains(.readHangup) {
            readAvailable()
        }
        if isOpen && events.contains(.writable) {
            flush()
        }
        if isOpen && !events.isDisjoint(with: .hangup) && !events.contains(.readable) {
            forceClose()
        }
    }

    private func readAvailable() {
        // A few reads per wake-up: fair to the loop's other sockets, level-triggered epoll
        // reports the rest.
        for _ in 0..<4 {
            guard isOpen else { return }
            let buffer = context.readBuffer
            switch try? Syscall.read(fd, into: buffer) {
            case .wouldBlock?:
                return
            case .processed(let count)? where count > 0:
                lastHeard = MonotonicClock.now()
                pingSentAt = nil
                receive(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                if count < buffer.count { return }
            default:
                // End of stream or a read error: the peer is gone.
                forceClose()
                return
            }
        }
    }

    private func receive(_ bytes: UnsafeRawBufferPointer) {
        actions.removeAll(keepingCapacity: true)
        session.receive(bytes, into: &actions)
        perform(actions)
    }

    private func perform(_ list: [WebSocketAction]) {
        for action in list {
            guard isOpen else { return }
            switch action {
            case .text(let text):
                handler.webSocket(self, didReceiveText: text)
            case .binary(let bytes):
                handler.webSocket(self, didReceiveBinary: bytes)
            case .ping, .pong:
                break
            case .send(let bytes):
                output.append(bytes)
            case .closeReceived(let code, _):
                peerCloseCode = code
            case .protocolError(let error):
                context.server.logger.debug("websocket protocol error", ["error": .string(String(describing: error))])
            case .closeConnection:
                closeAfterFlush = true
            }
        }
        flush()
    }

    private func startClose(code: WebSocketCloseCode, reason: String) {
        guard isOpen && session.isOpen else { return }
        closeSentAt = MonotonicClock.now()
        perform(session.close(code: code, reason: reason))
    }

    // MARK: Output

    private func flush() {
        guard isOpen else { return }
        if !output.isEmpty {
            do {
                if case .blocked = try output.flush(to: fd) {
                    setInterest(writing: true)
                    return
                }
            } catch {
                forceClose()
                return
            }
        }
        if closeAfterFlush {
            forceClose()
            return
        }
        setInterest(writing: false)
    }

    private func setInterest(writing: Bool) {
        let wanted: IOEvents = writing ? [.readable, .readHangup, .writable] : [.readable, .readHangup]
        if wanted != interest {
            interest = wanted
            loop.setInterest(fd, wanted)
        }
    }

    // MARK: Liveness and closing

    func sweep(now: UInt64) {
        guard isOpen else { return }
        let configuration = context.server.configuration.webSocket
        if let closeSentAt, now > closeSentAt + ServerCore.nanoseconds(configuration.closeTimeout) {
            // The peer never answered our close (or never read it): give up on it.
            forceClose()
            return
        }
        if let pingSentAt {
            if now > pingSentAt + ServerCore.nanoseconds(configuration.pongTimeout) {
                context.server.metrics.increment(
                    "websocket_dead_peer_drops_total", help: "WebSockets dropped for not answering pings.")
                forceClose()
            }
        } else if now > lastHeard + ServerCore.nanoseconds(configuration.pingInterval) && session.isOpen {
            pingSentAt = now
            output.append(Self.idlePing)
            flush()
        }
    }

    private static let idlePing = WebSocketFrameEncoder.encodePing(Array("idle".utf8))

    func beginShutdown() {
        startClose(code: .goingAway, reason: "server shutting down")
    }

    func forceClose() {
        guard isOpen else { return }
        isOpen = false
        output.removeAll()
        loop.deregister(fd)
        Syscall.close(fd)
        context.server.webSocketClosed()
        context.remove(fd)
        if didOpen { handler.webSocketDidClose(self, code: peerCloseCode) }
    }
}
