import HTTPServer

/// Runs async work with an answer deadline: the caller gets the work's result, or the
/// time-out error when the deadline passes first (the model's answer uses it; database
/// calls have the pool's own call deadline).
///
/// The work itself is not stopped at the deadline; its late result is dropped. What
/// matters is that the client hears in bounded time instead of hanging.
enum Deadline {
    /// The result of `operation`, or `timeoutError()` thrown after `duration`.
    static func run<Value: Sendable>(
        within duration: Duration, timeoutError: @escaping @Sendable () -> any Error,
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let result = await firstResult(within: duration, orElse: Result<Value, any Error>.failure(timeoutError())) {
            do {
                return .success(try await operation())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
