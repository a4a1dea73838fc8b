import Dispatch
import Synchronization

/// Runs async work with an answer deadline: the caller gets the work's result, or the
/// time-out error when the deadline passes first.
///
/// The work itself is not stopped at the deadline (a blocking libpq call cannot be
/// interrupted); its late result is dropped. What matters is that the client hears
/// "503" in bounded time instead of hanging on a database that stopped answering.
enum Deadline {
    /// The result of `operation`, or `timeoutError()` thrown after `duration`.
    static func run<Value: Sendable>(
        within duration: Duration, timeoutError: @escaping @Sendable () -> any Error,
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let once = ResumeOnce(continuation)
            // A dispatch timer rather than a sleeping Task: every database call has one, and
            // a Task costs two more trips through the executor (start, and the wake-up that
            // cancellation causes). Cancelled when the work finishes first.
            let timer = DispatchWorkItem { once.resume(with: .failure(timeoutError())) }
            let (seconds, attoseconds) = duration.components
            let nanoseconds = Int(clamping: seconds) &* 1_000_000_000 &+ Int(attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(max(0, nanoseconds)), execute: timer)
            Task {
                let result: Result<Value, any Error>
                do {
                    result = .success(try await operation())
                } catch {
                    result = .failure(error)
                }
                timer.cancel()
                once.resume(with: result)
            }
        }
    }
}

/// A continuation resumed by whichever answer comes first; later ones are dropped.
private final class ResumeOnce<Value: Sendable>: Sendable {
    /// The continuation until it is resumed, then nil.
    private let continuation: Mutex<CheckedContinuation<Value, any Error>?>

    /// Guards `continuation`.
    init(_ continuation: CheckedContinuation<Value, any Error>) {
        self.continuation = Mutex(continuation)
    }

    /// Resumes with `result` unless an answer came first.
    func resume(with result: Result<Value, any Error>) {
        let waiting = continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        waiting?.resume(with: result)
    }
}
