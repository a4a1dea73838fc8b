import EventLoop

/// The result of `operation`, or `fallback` once `limit` has passed, whichever comes first.
///
/// The operation is not cancelled and keeps running when the time is up (blocking clients
/// cannot be cancelled anyway); its late result is dropped. Used where an answer must come
/// in bounded time: readiness checks, a start that must not wait on a dependency that is down.
public func firstResult<Value: Sendable>(
    within limit: Duration, orElse fallback: Value, _ operation: @escaping @Sendable () async -> Value
) async -> Value {
    await withCheckedContinuation { (continuation: CheckedContinuation<Value, Never>) in
        let answer = FirstAnswer(continuation)
        Task { answer.resume(await operation()) }
        Task {
            try? await Task.sleep(for: limit)
            answer.resume(fallback)
        }
    }
}
