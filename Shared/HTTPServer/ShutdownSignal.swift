import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The write end of the self-pipe; set once in `prepare()` before any signal can arrive,
/// then only read by the handler.
nonisolated(unsafe) private var signalPipeWriteFD: Int32 = -1

/// SIGTERM and SIGINT, the cue for a graceful stop (CONTRACT §1).
///
/// The handler only writes the signal number to a pipe (async-signal-safe); a thread reads
/// the pipe and resumes the waiting task. Works whichever thread the kernel picks.
public enum ShutdownSignal {
    nonisolated(unsafe) private static var readFD: Int32 = -1

    /// Installs the handlers; call first thing in `main`.
    public static func prepare() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        readFD = fds[0]
        signalPipeWriteFD = fds[1]
        for number in [SIGTERM, SIGINT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteFD, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    /// Returns the signal number once SIGTERM or SIGINT arrives (after `prepare()`).
    @discardableResult
    public static func wait() async -> Int32 {
        let fd = readFD
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let thread = Thread {
                var byte: UInt8 = 0
                while read(fd, &byte, 1) != 1 {
                    // Only EINTR is expected; anything else (no pipe) must not spin.
                    if errno != EINTR { sleep(1) }
                }
                continuation.resume(returning: Int32(byte))
            }
            thread.name = "shutdown-signal"
            thread.start()
        }
    }
}
