import Domain
import HTTP1

/// A streamed answer's writer that also sends a keep-alive comment whenever the producer
/// was quiet for an interval. A model may think for tens of seconds before its first
/// piece; the keep-alives let a reader tell that slowness from a dead ingest-api (no
/// bytes at all) without a time-out as long as the slowest model.
actor KeepAliveStream {
    /// The connection's writer.
    private let write: BodyChunkWriter
    /// When anything was last written.
    private var lastWrite = ContinuousClock.now
    /// True once a write failed: the reader is gone, later pieces are dropped.
    private(set) var isReaderGone = false

    /// Use `run`.
    private init(write: @escaping BodyChunkWriter) {
        self.write = write
    }

    /// Writes one piece; after the reader is gone, does nothing.
    func send(_ bytes: [UInt8]) async {
        guard !isReaderGone else { return }
        lastWrite = .now
        do {
            try await write(bytes)
        } catch {
            isReaderGone = true
        }
    }

    /// Writes a keep-alive when nothing was written for `interval`.
    private func keepAliveIfQuiet(for interval: Duration) async {
        guard ContinuousClock.now - lastWrite >= interval else { return }
        await send(IngestStreamEvent.keepAliveBytes)
    }

    /// Runs `body` with a stream over `write`, keeping it alive every `interval` until
    /// `body` returns or throws. The stream must not outlive `body`.
    static func run(
        write: BodyChunkWriter, interval: Duration = IngestStreamEvent.keepAliveInterval,
        _ body: @Sendable (KeepAliveStream) async throws -> Void
    ) async throws {
        // The writer is only used until this returns: the keep-alive task is cancelled and
        // awaited by the task group before.
        try await withoutActuallyEscaping(write) { write in
            let stream = KeepAliveStream(write: write)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    while await !stream.isReaderGone {
                        try await Task.sleep(for: interval / 5)
                        await stream.keepAliveIfQuiet(for: interval)
                    }
                }
                defer { group.cancelAll() }
                try await body(stream)
            }
        }
    }
}
