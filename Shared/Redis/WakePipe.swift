#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A self-pipe that wakes a thread blocked in `poll(2)`: any thread writes a byte, the
/// polling thread sees the read end readable. Owns both descriptors and closes them in `deinit`.
final class WakePipe: Sendable {
    /// The end the polling thread watches.
    let readDescriptor: Int32
    /// The end other threads write to.
    private let writeDescriptor: Int32

    /// Opens a non-blocking, close-on-exec pipe.
    init() throws(RedisError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw .io("cannot create the subscriber's wake-up pipe: \(String(cString: strerror(errno)))")
        }
        for descriptor in descriptors {
            // Non-blocking so that a full pipe never blocks `wake` (it is awake already then).
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Makes the read end readable; callable from any thread.
    func wake() {
        var byte: UInt8 = 1
        while write(writeDescriptor, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Empties the pipe so the next `poll` blocks again.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readDescriptor, &buffer, buffer.count)
            if count > 0 || (count < 0 && errno == EINTR) { continue }
            return
        }
    }
}
