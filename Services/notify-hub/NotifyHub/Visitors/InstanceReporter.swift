import Foundation
import Logging
import Redis
import Synchronization

/// Reports this instance's visitor connections into Redis, refreshed every
/// `interval` and expiring after three, and sums every live instance's report.
///
/// Layout: a hash per instance (`HubKeys.instance(id)`): field `summary` (counts, JSON)
/// and one field `pipeline:<p>` per pipeline (that pipeline's connection list, JSON), so a
/// reader fetches only the pipeline it asks about. The sorted set `HubKeys.instances`
/// scores each instance by when its report expires; readers drop the expired ones.
final class InstanceReporter: Sendable {
    /// This instance's id in the reports, fresh at each start.
    let instanceID: String
    /// Where the reports live.
    private let redis: RedisClient
    /// The report key names.
    private let keys: HubKeys
    /// What is reported.
    private let registry: VisitorRegistry
    /// The time between reports.
    private let interval: Duration
    /// For failed reports (the next one retries).
    private let logger: Logger
    /// The reporting task, while started.
    private let loop = Mutex<Task<Void, Never>?>(nil)

    /// A reporter for `registry`, every `interval` (at least 50 ms).
    init(redis: RedisClient, keys: HubKeys, registry: VisitorRegistry, interval: Duration, logger: Logger) {
        instanceID = UUID().uuidString.lowercased()
        self.redis = redis
        self.keys = keys
        self.registry = registry
        self.interval = max(.milliseconds(50), interval)
        self.logger = logger
    }

    /// Starts reporting periodically.
    func start() {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                guard let self else { return }
                do {
                    try await self.report()
                } catch {
                    self.logger.warning("connection report failed", ["error": .string("\(error)")])
                }
                try? await Task.sleep(for: self.interval)
            }
        }
        loop.withLock { $0 = task }
    }

    /// Stops reporting and withdraws this instance's report.
    func stop() async {
        loop.withLock { task in
            task?.cancel()
            task = nil
        }
        _ = try? await redis.pipeline([
            ["DEL", RedisArgument(keys.instance(instanceID))],
            ["ZREM", RedisArgument(keys.instances), RedisArgument(instanceID)],
        ])
    }

    /// Writes this instance's report now (atomically replacing the previous one).
    func report() async throws {
        var summary = InstanceSummary()
        var listings: [String: [ConnectionListing]] = [:]
        for entry in registry.snapshot() {
            guard let address = entry.dialect.address else {
                summary.contact += 1
                continue
            }
            summary.byPipeline[address.pipeline, default: 0] += 1
            summary.bySessionType[address.sessionType.rawValue, default: 0] += 1
            listings[address.pipeline, default: []].append(
                ConnectionListing(
                    connectionID: entry.connectionID, sessionType: address.sessionType.rawValue,
                    createdAt: VisitorTimestamp.format(unixSeconds: entry.createdAt),
                    lastActive: VisitorTimestamp.format(unixSeconds: entry.lastActive), isActive: true))
        }
        let key = RedisArgument(keys.instance(instanceID))
        var hset: [RedisArgument] = ["HSET", key, "summary", RedisArgument(FrameJSON.encode(summary))]
        for (pipeline, list) in listings {
            hset += [RedisArgument("pipeline:" + pipeline), RedisArgument(FrameJSON.encode(list))]
        }
        let lifetimeMs = Int(interval / .milliseconds(1) * 3)
        let replies = try await redis.pipeline([
            ["MULTI"], ["DEL", key], hset, ["PEXPIRE", key, RedisArgument(lifetimeMs)],
            [
                "ZADD", RedisArgument(keys.instances), RedisArgument(Self.nowMs() + lifetimeMs),
                RedisArgument(instanceID),
            ],
            // Instances that died without withdrawing leave the index here too, not only on reads.
            ["ZREMRANGEBYSCORE", RedisArgument(keys.instances), "-inf", RedisArgument("(\(Self.nowMs())")],
            ["EXEC"],
        ])
        if let failure = replies.lazy.compactMap(\.errorMessage).first { throw RedisError.server(failure) }
    }

    /// Every live instance's counts, and the connections of `pipeline`.
    func stats(pipeline: String) async throws -> ConnectionStatsBody {
        let index = RedisArgument(keys.instances)
        let listed = try await redis.pipeline([
            ["ZREMRANGEBYSCORE", index, "-inf", RedisArgument("(\(Self.nowMs())")],
            ["ZRANGE", index, "0", "-1"],
        ])
        let ids = (listed[1].arrayValue ?? []).compactMap(\.text).sorted()
        var body = ConnectionStatsBody()
        guard !ids.isEmpty else { return body }
        let field = RedisArgument("pipeline:" + pipeline)
        let reports = try await redis.pipeline(
            ids.map { ["HMGET", RedisArgument(keys.instance($0)), "summary", field] })
        let decoder = JSONDecoder()
        for (id, reply) in zip(ids, reports) {
            let fields = reply.arrayValue ?? []
            // Expired between the two reads, or written by a broken peer: skip it.
            guard let summaryBytes = fields.first?.bytes,
                let summary = try? decoder.decode(InstanceSummary.self, from: Data(summaryBytes))
            else { continue }
            let listings = fields.dropFirst().first?.bytes.flatMap {
                try? decoder.decode([ConnectionListing].self, from: Data($0))
            }
            body.add(instance: id, summary: summary, listings: listings ?? [])
        }
        body.connections.sort { ($0.createdAt, $0.connectionID ?? "") < ($1.createdAt, $1.connectionID ?? "") }
        return body
    }

    /// Unix time in milliseconds (expiry scores are wall-clock, shared by instances).
    private static func nowMs() -> Int { Int(Date().timeIntervalSince1970 * 1000) }
}
