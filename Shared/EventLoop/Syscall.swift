import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// A failed system call that is not the caller's bug: carries errno and the call's name.
public struct IOError: Error, CustomStringConvertible, Sendable {
    /// The errno value the call failed with.
    public let errno: Int32
    /// The name of the system call, for the log line.
    public let function: String

    public init(errno: Int32, function: String) {
        self.errno = errno
        self.function = function
    }

    public var description: String { "\(function): \(String(cString: strerror(errno)))" }
}

/// The outcome of a non-blocking read or write.
public enum IOResult<Value: Sendable>: Sendable {
    /// The call did this much (bytes, or a new fd).
    case processed(Value)
    /// The call would have blocked (EAGAIN): wait for readiness.
    case wouldBlock
}

/// Every system call the event loop makes, in one place: EINTR retried, EAGAIN returned
/// as `.wouldBlock`, our own bugs (EBADF, EFAULT) stop the process, the rest thrown as IOError.
public enum Syscall {
    @inline(__always)
    static func check(_ function: String, _ body: () -> Int) throws -> IOResult<Int> {
        while true {
            let result = body()
            if result >= 0 { return .processed(result) }
            let code = Glibc.errno
            switch code {
            case EINTR: continue
            case EAGAIN: return .wouldBlock
            case EBADF, EFAULT: preconditionFailure("\(function) with a bad descriptor or address: programmer error")
            default: throw IOError(errno: code, function: function)
            }
        }
    }

    /// Reads into `buffer`; `.processed(0)` means end of stream.
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> IOResult<Int> {
        try check("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes from `buffer`; may write less than all of it.
    public static func write(_ fd: Int32, from buffer: UnsafeRawBufferPointer) throws -> IOResult<Int> {
        try check("write") { Glibc.write(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes several buffers at once; may write less than all of them.
    public static func writev(_ fd: Int32, _ vectors: UnsafeBufferPointer<iovec>) throws -> IOResult<Int> {
        try check("writev") { Glibc.writev(fd, vectors.baseAddress, Int32(vectors.count)) }
    }

    /// Accepts one connection as a non-blocking, close-on-exec socket.
    public static func accept(_ fd: Int32) throws -> IOResult<Int32> {
        switch try check("accept4", { Int(accept4(fd, nil, nil, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))) }) {
        case .processed(let newFD): return .processed(Int32(newFD))
        case .wouldBlock: return .wouldBlock
        }
    }

    /// Closes a descriptor. EINTR on close must not be retried on Linux (the fd is gone).
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Sets an integer socket option.
    public static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws {
        var value = value
        if setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            throw IOError(errno: Glibc.errno, function: "setsockopt")
        }
    }

    /// Shuts down both directions of a socket so a blocked peer sees end of stream.
    public static func shutdown(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }
}
