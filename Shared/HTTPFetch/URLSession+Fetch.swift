import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension URLSession {
    /// `data(for:)` without its deadlock on Linux.
    ///
    /// swift-corelibs-foundation's async `data(for:)` can deadlock when the calling task is
    /// cancelled while the response completes: its cancellation handler runs under the task's
    /// status lock and synchronously waits for the session's queue, while the queue's
    /// completion waits for that lock to resume the task (seen here as a hung test run). This
    /// uses the completion-handler API instead, and the cancellation handler only schedules
    /// `cancel()` elsewhere, so nothing ever blocks while holding the task's lock.
    public func fetch(_ request: URLRequest) async throws -> (Data, URLResponse) {
        let box = TaskBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, URLResponse), Error>) in
                let task = dataTask(with: request) { data, response, error in
                    if let data, let response {
                        continuation.resume(returning: (data, response))
                    } else {
                        continuation.resume(throwing: error ?? URLError(.badServerResponse))
                    }
                }
                box.set(task)
                task.resume()
            }
        } onCancel: {
            let task = box.task
            DispatchQueue.global().async { task?.cancel() }
        }
    }
}

/// Holds the data task for the cancellation handler, which may run on another thread.
private final class TaskBox: @unchecked Sendable {
    // Guarded by `lock`: set once by the request, read by the cancellation handler.
    private let lock = NSLock()
    private var stored: URLSessionDataTask?

    var task: URLSessionDataTask? { lock.withLock { stored } }

    func set(_ task: URLSessionDataTask) { lock.withLock { stored = task } }
}
