import EventLoop
import HTTP1
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Accepts connections on one loop's listening socket and hands each to an HTTPConnection.
final class Acceptor: EventHandler {
    /// Nil once closed: releasing it closes the descriptor.
    private var socket: ListeningSocket?
    private let context: LoopContext

    /// Refusal sent when the process is at its connection limit; the client may retry.
    private static let busyResponse: [UInt8] = {
        var response = HTTPError.unavailable("too many connections").response
        response.headers.set("Retry-After", "1")
        var bytes: [UInt8] = []
        response.serialize(into: &bytes, keepAlive: false, date: nil)
        return bytes
    }()

    init(socket: ListeningSocket, context: LoopContext) throws {
        self.socket = socket
        self.context = context
        try context.loop.register(socket.fd, interest: .readable, handler: self)
    }

    func handleEvents(_ events: IOEvents) {
        // Bounded per wake-up so a connection storm cannot starve established clients.
        for _ in 0..<256 {
            guard let listener = socket else { return }
            let result: IOResult<Int32>
            do {
                result = try Syscall.accept(listener.fd)
            } catch let error as IOError {
                // EMFILE/ENFILE: out of descriptors. Log and retry on the next wake-up.
                context.server.logger.warning("accept failed", ["error": .string(error.description)])
                return
            } catch {
                return
            }
            guard case .processed(let fd) = result else { return }
            guard context.server.admitConnection() else {
                Self.busyResponse.withUnsafeBytes { _ = try? Syscall.write(fd, from: $0) }
                Syscall.close(fd)
                continue
            }
            try? Syscall.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
            let connection = HTTPConnection(fd: fd, context: context)
            do {
                try context.loop.register(fd, interest: [.readable, .readHangup], handler: connection)
                context.add(connection)
            } catch {
                context.server.connectionClosed()
                Syscall.close(fd)
            }
        }
    }

    /// Stops accepting: the socket leaves the loop and is closed.
    func close() {
        guard let listener = socket else { return }
        context.loop.deregister(listener.fd)
        socket = nil
    }
}
