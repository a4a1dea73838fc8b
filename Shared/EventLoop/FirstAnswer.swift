import Synchronization

/// A continuation resumed by whichever answer comes first (a call, or its deadline); later
/// answers are dropped. The bridge for waits that race a clock: `firstResult` (HTTPServer)
/// and the pooled PostgreSQL call with a deadline (Postgres).
public final class FirstAnswer<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, Never>?>

    public init(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation = Mutex(continuation)
    }

    /// Resumes the continuation with `value`, unless an answer came first.
    public func resume(_ value: Value) {
        let waiting = continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        waiting?.resume(returning: value)
    }
}
