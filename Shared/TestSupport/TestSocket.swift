import Glibc

/// A blocking TCP connection to a local server with a read buffer and time-outs.
///
/// The shared base of ``TestHTTPClient`` and ``TestWebSocketClient``. Every read waits
/// with `poll(2)` up to a deadline, so a test never hangs on a server that stays silent;
/// writes use `MSG_NOSIGNAL` so a server that hangs up cannot kill the test process with
/// SIGPIPE. The descriptor is closed in `deinit` if ``close()`` was not called.
public final class TestSocket {
    /// The connected socket, or -1 once closed.
    public private(set) var fd: Int32
    /// Bytes received but not consumed yet.
    private var buffer: [UInt8] = []
    /// Where the unconsumed bytes of ``buffer`` start.
    private var readIndex = 0
    /// Where `recv` writes, reused so benchmarks reading many small messages do not allocate per read.
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    /// Whether the server closed its side (a read returned 0).
    public private(set) var hasReachedEnd = false

    /// Connects to `host:port` (IPv4), waiting at most `timeout` for the connection.
    public init(host: String = "127.0.0.1", port: UInt16, timeout: Duration = .seconds(5)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.system(function: "socket", errno: errno) }
        do {
            try connect(host: host, port: port, timeout: timeout)
        } catch {
            close()
            throw error
        }
        var one: Int32 = 1
        // Small test frames go out at once instead of waiting for Nagle's algorithm.
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        close()
    }

    /// Closes the descriptor now; later calls do nothing.
    public func close() {
        guard fd >= 0 else { return }
        _ = Glibc.close(fd)
        fd = -1
    }

    /// Closes our sending side (`shutdown(SHUT_WR)`), so the server reads end-of-file.
    public func shutdownWriting() {
        guard fd >= 0 else { return }
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// Writes all of `bytes`, or throws.
    public func write(_ bytes: [UInt8]) throws {
        guard fd >= 0 else { throw TestClientError.connectionClosed }
        try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE || errno == ECONNRESET { throw TestClientError.connectionClosed }
                    throw TestClientError.system(function: "send", errno: errno)
                }
                offset += written
            }
        }
    }

    /// The bytes buffered but not consumed yet.
    public var bufferedBytes: ArraySlice<UInt8> { buffer[readIndex...] }

    /// Reads once more into the buffer; `false` when the server has closed its side.
    @discardableResult
    public func fill(before deadline: ContinuousClock.Instant) throws -> Bool {
        guard !hasReachedEnd else { return false }
        guard fd >= 0 else { throw TestClientError.connectionClosed }
        try waitUntilReadable(before: deadline)
        // Drop consumed bytes; callers keep positions relative to `readIndex`, so this is safe.
        if readIndex > 0 {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
        while true {
            let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == ECONNRESET {
                    hasReachedEnd = true
                    return false
                }
                throw TestClientError.system(function: "recv", errno: errno)
            }
            if count == 0 {
                hasReachedEnd = true
                return false
            }
            buffer.append(contentsOf: scratch[..<count])
            return true
        }
    }

    /// Consumes and returns the bytes before the next `delimiter` (the delimiter is consumed too).
    public func read(
        until delimiter: [UInt8], limit: Int = 64 * 1024, before deadline: ContinuousClock.Instant
    ) throws -> [UInt8] {
        // How far past `readIndex` the delimiter is known to be absent.
        var searched = 0
        while true {
            if let end = Self.firstIndex(of: delimiter, in: buffer, from: readIndex + searched) {
                let bytes = Array(buffer[readIndex..<end])
                readIndex = end + delimiter.count
                return bytes
            }
            guard buffer.count - readIndex <= limit else {
                throw TestClientError.malformedResponse("no \(delimiter) within \(limit) bytes")
            }
            searched = max(0, buffer.count - readIndex - delimiter.count + 1)
            guard try fill(before: deadline) else { throw TestClientError.connectionClosed }
        }
    }

    /// Consumes and returns exactly `count` bytes.
    public func read(count: Int, before deadline: ContinuousClock.Instant) throws -> [UInt8] {
        while buffer.count - readIndex < count {
            guard try fill(before: deadline) else { throw TestClientError.connectionClosed }
        }
        let bytes = Array(buffer[readIndex..<readIndex + count])
        readIndex += count
        return bytes
    }

    /// Consumes and returns whatever is buffered, reading once if nothing is; `nil` at end of stream.
    public func readAvailable(before deadline: ContinuousClock.Instant) throws -> [UInt8]? {
        if readIndex == buffer.count {
            guard try fill(before: deadline) else { return nil }
        }
        let bytes = Array(buffer[readIndex...])
        readIndex = buffer.count
        return bytes
    }

    /// Consumes and returns everything until the server closes the connection.
    public func readToEnd(before deadline: ContinuousClock.Instant) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let more = try readAvailable(before: deadline) {
            bytes += more
        }
        return bytes
    }

    /// A deadline `timeout` from now.
    public static func deadline(after timeout: Duration) -> ContinuousClock.Instant {
        ContinuousClock.now.advanced(by: timeout)
    }

    /// Connects, with the kernel's connect bounded by a send time-out.
    private func connect(host: String, port: UInt16, timeout: Duration) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw TestClientError.malformedResponse("not an IPv4 address: \(host)")
        }
        var time = Self.timeval(timeout)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            if errno == EINPROGRESS || errno == EAGAIN { throw TestClientError.timedOut }
            throw TestClientError.system(function: "connect", errno: errno)
        }
    }

    /// Waits with `poll(2)` until the socket is readable (or hung up), or throws ``TestClientError/timedOut``.
    private func waitUntilReadable(before deadline: ContinuousClock.Instant) throws {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            let milliseconds = max(0, Self.milliseconds(remaining))
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(clamping: milliseconds))
            if ready < 0 {
                if errno == EINTR { continue }
                throw TestClientError.system(function: "poll", errno: errno)
            }
            if ready > 0 { return }
            if milliseconds == 0 { throw TestClientError.timedOut }
        }
    }

    /// `duration` in whole milliseconds, rounded up.
    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }

    /// `duration` as a `timeval`, at least one microsecond (zero would mean "no time-out").
    private static func timeval(_ duration: Duration) -> Glibc.timeval {
        let (seconds, attoseconds) = duration.components
        let microseconds = max(1, attoseconds / 1_000_000_000_000)
        return Glibc.timeval(tv_sec: Int(max(0, seconds)), tv_usec: Int(microseconds))
    }

    /// The position of `needle` in `haystack` at or after `start`.
    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var index = max(0, start)
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }
}
