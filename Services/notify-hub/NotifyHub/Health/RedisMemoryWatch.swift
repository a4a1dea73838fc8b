import Logging
import Redis
import Synchronization

/// Redis's memory against its ceiling, for /metrics: `redis_used_memory_bytes`,
/// `redis_maxmemory_bytes` and `redis_memory_used_ratio` (0 while no ceiling is set).
///
/// The deployed Redis has `maxmemory` with `noeviction`: when full it refuses writes, and
/// the outbox, the event log and the chat modes fail with it, so the alert must come
/// before. notify-hub exports it (each instance the same figures: alert on the max): it is
/// the public-facing service that writes what visitors send, it runs wherever the desk
/// runs, and one exporter avoids four services polling INFO. Read every `interval`
/// (a gauge is read synchronously at scrape time; INFO is a network call).
final class RedisMemoryWatch: Sendable {
    /// The latest figures: used bytes, maxmemory bytes (0: none).
    private let figures = Mutex<(used: Double, max: Double)>((0, 0))
    private let redis: RedisClient
    private let interval: Duration
    private let logger: Logger
    private let loop = Mutex<Task<Void, Never>?>(nil)

    init(redis: RedisClient, interval: Duration = .seconds(15), logger: Logger) {
        self.redis = redis
        self.interval = max(.milliseconds(50), interval)
        self.logger = logger
    }

    /// Used bytes as last read.
    var usedBytes: Double { figures.withLock { $0.used } }
    /// The ceiling as last read (0: none).
    var maxBytes: Double { figures.withLock { $0.max } }
    /// Used over ceiling, 0 while no ceiling is set.
    var usedRatio: Double {
        figures.withLock { $0.max > 0 ? $0.used / $0.max : 0 }
    }

    /// Reads INFO memory now.
    func refresh() async throws {
        let reply = try await redis.send("INFO", "memory")
        guard let text = reply.text else { throw RedisError.unexpectedReply("INFO answered \(reply)") }
        var used: Double?
        var ceiling: Double?
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "used_memory": used = Double(parts[1])
            case "maxmemory": ceiling = Double(parts[1])
            default: break
            }
        }
        guard let used else { throw RedisError.unexpectedReply("INFO memory without used_memory") }
        let figure = (used, ceiling ?? 0)
        figures.withLock { $0 = figure }
    }

    /// Starts reading periodically.
    func start() {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                do {
                    try await self.refresh()
                } catch {
                    self.logger.debug("Redis memory not read", ["error": .string("\(error)")])
                }
                try? await Task.sleep(for: self.interval)
            }
        }
        loop.withLock { $0 = task }
    }

    /// Stops reading.
    func stop() {
        loop.withLock { task in
            task?.cancel()
            task = nil
        }
    }
}
