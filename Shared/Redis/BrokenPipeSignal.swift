#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes writes to a socket the server has closed fail with EPIPE instead of killing the process.
///
/// hiredis 0.14 writes with `write(2)`, which cannot pass `MSG_NOSIGNAL`, so the default
/// SIGPIPE action (terminate) would take the whole service down when Redis restarts.
/// A server process never wants that action, so it is switched off once for the process.
enum BrokenPipeSignal {
    /// Runs once, the first time any Redis connection is made.
    private static let ignored: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// Ensures SIGPIPE is ignored; cheap after the first call.
    static func ignore() {
        _ = ignored
    }
}
