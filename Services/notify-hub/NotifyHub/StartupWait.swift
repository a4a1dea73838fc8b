import Synchronization

/// Waits for a task, but only so long: the task itself keeps running either way.
enum StartupWait {
    /// True when `task` finished (successfully or not) within `seconds`.
    static func finished(_ task: Task<Void, Error>, within seconds: Double) async -> Bool {
        await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            Task {
                _ = try? await task.value
                answer.resume(true)
            }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                answer.resume(false)
            }
        }
    }
}

/// Resumes a continuation with whichever answer comes first.
private final class FirstAnswer: Sendable {
    private let continuation: Mutex<CheckedContinuation<Bool, Never>?>

    init(_ continuation: CheckedContinuation<Bool, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ value: Bool) {
        let waiting = continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        waiting?.resume(returning: value)
    }
}
