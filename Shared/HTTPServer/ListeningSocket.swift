import EventLoop

#if canImport(Glibc)
    import Glibc
#endif

/// A bound, listening, non-blocking TCP socket (IPv4). Several may share a port with
/// SO_REUSEPORT: each event loop gets its own and the kernel spreads connections.
final class ListeningSocket {
    let fd: Int32
    /// The port actually bound (meaningful when 0 was asked for).
    let port: Int

    init(host: String, port: Int, reusePort: Bool) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw IOError(errno: errno, function: "socket") }
        do {
            try Syscall.setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            if reusePort { try Syscall.setOption(fd, SOL_SOCKET, SO_REUSEPORT, 1) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
                throw IOError(errno: EINVAL, function: "inet_pton(\(host))")
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw IOError(errno: errno, function: "bind(\(host):\(port))") }
            guard listen(fd, 4096) == 0 else { throw IOError(errno: errno, function: "listen") }
            var actual = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &actual) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            self.port = Int(UInt16(bigEndian: actual.sin_port))
            self.fd = fd
        } catch {
            Syscall.close(fd)
            throw error
        }
    }

    deinit {
        Syscall.close(fd)
    }
}

/// The peer address of a connected socket as "a.b.c.d", for logs and per-IP limits.
func peerAddress(of fd: Int32) -> String {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let result = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
    }
    guard result == 0 else { return "unknown" }
    var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
    guard inet_ntop(AF_INET, &address.sin_addr, &text, socklen_t(text.count)) != nil else { return "unknown" }
    return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
