import EventLoop
import HTTP1
import Logging

/// A connection the server tracks for time-outs and graceful stop.
protocol ServerConnection: AnyObject {
    var fd: Int32 { get }
    /// Enforces time-outs and liveness; called once per sweep with the monotonic time.
    func sweep(now: UInt64)
    /// The server is stopping: finish what is in flight, then close (WebSockets: 1001).
    func beginShutdown()
    /// Closes at once, whatever state the connection is in.
    func forceClose()
}

/// Everything one event loop's connections share. Confined to that loop's thread.
final class LoopContext: @unchecked Sendable {
    let loop: EventLoop
    let server: ServerCore
    /// Time and the Date header for the loop's HTTP connections.
    let clock = LoopClock()
    /// Scratch space for reads; connections copy out only what they keep.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    private(set) var connections: [Int32: ServerConnection] = [:]
    var isDraining = false
    /// This loop's listening socket; nil once the server stops accepting.
    var acceptor: Acceptor?

    init(loop: EventLoop, server: ServerCore) {
        self.loop = loop
        self.server = server
    }

    deinit {
        readBuffer.deallocate()
    }

    func add(_ connection: ServerConnection) {
        connections[connection.fd] = connection
    }

    /// Replaces the tracked object for an fd (HTTP connection upgraded to WebSocket).
    func replace(_ connection: ServerConnection) {
        connections[connection.fd] = connection
    }

    func remove(_ fd: Int32) {
        if connections.removeValue(forKey: fd) != nil {
            server.connectionClosed()
        }
    }

    func sweep() {
        let now = MonotonicClock.now()
        for connection in Array(connections.values) {
            connection.sweep(now: now)
        }
    }

    func beginShutdown() {
        isDraining = true
        for connection in Array(connections.values) {
            connection.beginShutdown()
        }
    }

    func forceCloseAll() {
        for connection in Array(connections.values) {
            connection.forceClose()
        }
    }
}
