import EventLoop

/// One visitor's messages answered one after another, so the streamed frames of two
/// answers never interleave; the backlog is bounded. Confined to the socket's loop.
final class AnswerLine: @unchecked Sendable {
    /// Work for one message; runs in a task, off the loop.
    typealias Job = @Sendable () async -> Void

    /// The socket's loop, where the line's state lives.
    private let loop: EventLoop
    /// Messages that may wait behind the running one.
    private let limit: Int
    /// Jobs not started yet, oldest first.
    private var waiting: [Job] = []
    /// Whether a job is running (its task hops back here when done).
    private var isRunning = false

    /// A line on `loop` holding at most `limit` waiting jobs.
    init(loop: EventLoop, limit: Int) {
        self.loop = loop
        self.limit = max(1, limit)
    }

    /// Queues `job`; false when the backlog is full (the caller tells the visitor).
    func submit(_ job: @escaping Job) -> Bool {
        guard waiting.count < limit else { return false }
        waiting.append(job)
        startNext()
        return true
    }

    /// Drops what has not started (the socket closed); a running job finishes.
    func cancel() {
        waiting.removeAll()
    }

    /// Starts the oldest waiting job unless one is running.
    private func startNext() {
        guard !isRunning, !waiting.isEmpty else { return }
        isRunning = true
        let job = waiting.removeFirst()
        Task {
            await job()
            loop.execute {
                self.isRunning = false
                self.startNext()
            }
        }
    }
}
