import Foundation
import Logging
import Redis
import Synchronization

/// Consumes a `DurableStream` for one consumer of its group: reads new entries, takes
/// over the idle entries of dead consumers, keeps its own held entries fresh, runs the
/// handler per entry (one at a time per key, keys in parallel) and acknowledges each
/// entry whose handler says it is done. An entry whose handler says "not done" stays
/// pending and comes back after `claimIdleMilliseconds`, here or at another instance.
public final class StreamConsumer: Sendable {
    /// What to do with one entry: return true to acknowledge it.
    public typealias Handler = @Sendable (StreamEntry) async -> Bool
    /// What to do with one entry: nil when handled (acknowledged), else why not.
    public typealias ReportingHandler = @Sendable (StreamEntry) async -> HandlingFailure?

    /// The stream consumed.
    public let stream: DurableStream
    /// Reading and take-over settings.
    public let options: StreamConsumerOptions
    /// The per-key work lanes.
    private let lanes: KeyedLanes<StreamEntry>
    /// Entry ids held (queued or running), to touch them and never run one twice at once.
    private let held: HeldEntries
    /// Picks the lane of an entry (a chat id); nil puts it in lane 0.
    private let key: @Sendable (StreamEntry) -> Int64?
    /// The reading loop, while running.
    private let loop = Mutex<Task<Void, Never>?>(nil)
    /// Where log lines go.
    private let logger: Logger

    /// Entries handled, and entries parked, since the start.
    private let tally: Tally

    /// Creates a consumer; `start()` begins reading.
    public convenience init(
        stream: DurableStream, options: StreamConsumerOptions, logger: Logger,
        key: @escaping @Sendable (StreamEntry) -> Int64?, handler: @escaping Handler
    ) {
        self.init(stream: stream, options: options, logger: logger, key: key) { entry in
            await handler(entry) ? nil : HandlingFailure("the handler did not finish (see the log)")
        }
    }

    /// Creates a consumer whose handler tells why an entry failed (kept with a parked entry).
    public init(
        stream: DurableStream, options: StreamConsumerOptions, logger: Logger,
        key: @escaping @Sendable (StreamEntry) -> Int64?, reportingHandler handler: @escaping ReportingHandler
    ) {
        self.stream = stream
        self.options = options
        self.logger = logger
        self.key = key
        let held = HeldEntries()
        self.held = held
        let tally = Tally()
        self.tally = tally
        let deadLetters = options.deadLetterAfter.map { _ in DeadLetters(redis: stream.redis, streamKey: stream.key) }
        lanes = KeyedLanes(precedes: { StreamEntry.precedes($0.entryID, $1.entryID) }) { entry in
            // Another instance may hold an earlier entry of this chat: wait for it (bounded:
            // released, this one is taken over again after the idle limit, by then in its
            // turn). An earlier entry this consumer holds itself (read again after a failed
            // read) is queued behind this one here: this one steps back behind it.
            switch await Self.waitForTurn(entry, stream: stream, held: held, limit: options.claimIdleMilliseconds / 2) {
            case .go: break
            case .stepBack:
                // A pause, in case the earlier entry is not in this lane's queue after all.
                try? await Task.sleep(for: .milliseconds(20))
                return false
            case .release:
                held.remove(entry.entryID)
                return true
            }
            defer { held.remove(entry.entryID) }
            var failures = 0
            var tries = 0
            var handledBefore = 0
            while true {
                guard let failure = await handler(entry) else {
                    tally.handled.add(1, ordering: .relaxed)
                    break
                }
                // Without dead-lettering, or when stopping: it stays pending and comes back later.
                guard let limit = options.deadLetterAfter, let deadLetters, !Task.isCancelled else { return true }
                tries += 1
                // An outage is waited out; only the entry's own failures count.
                if !failure.isTransient { failures += 1 }
                if failures == 1 && !failure.isTransient { handledBefore = tally.handled.load(ordering: .relaxed) }
                if failures >= limit && tally.handled.load(ordering: .relaxed) > handledBefore {
                    do {
                        try await deadLetters.park(
                            entry, error: failure.reason, attempts: failures, parkedAt: Self.timestamp())
                        tally.parked.add(1, ordering: .relaxed)
                        logger.error(
                            "parked in the dead-letter store after failing again and again",
                            [
                                "stream": .string(stream.key), "entry": .string(entry.entryID),
                                "attempts": .int(failures), "error": .string(failure.reason),
                            ])
                        break
                    } catch {
                        return true
                    }
                }
                let pause = min(options.retryPauseMilliseconds << min(tries - 1, 16), 5000)
                do { try await Task.sleep(for: .milliseconds(pause)) } catch { return true }
            }
            do {
                try await stream.acknowledge([entry])
            } catch {
                // Not acknowledged: it comes back after the idle limit; handlers are idempotent.
                logger.warning(
                    "cannot acknowledge", ["entry": .string(entry.entryID), "error": .string("\(error)")])
            }
            return true
        }
    }

    /// What an entry does about its lane's turn.
    private enum Turn {
        /// It heads its lane: handle it.
        case go
        /// An earlier entry of its lane is held here (queued behind it): go back behind it.
        case stepBack
        /// Its turn did not come in time (or the consumer is stopping): leave it pending.
        case release
    }

    /// Waits until `entry` heads its lane (see `DurableStream.headsLane`), up to `limit`
    /// milliseconds.
    private static func waitForTurn(
        _ entry: StreamEntry, stream: DurableStream, held: HeldEntries, limit: Int
    ) async -> Turn {
        guard entry.fields["lane"] != nil else { return .go }
        let deadline = ContinuousClock.now + .milliseconds(limit)
        var pause = 5
        while !Task.isCancelled {
            if (try? await stream.headsLane(entry)) == true { return .go }
            if let head = try? await stream.laneHead(of: entry), head != entry.entryID, held.contains(head) {
                return .stepBack
            }
            guard ContinuousClock.now < deadline else { return .release }
            try? await Task.sleep(for: .milliseconds(pause))
            pause = min(pause * 2, 200)
        }
        return .release
    }

    /// Entries parked in the dead-letter store by this consumer since it started.
    public var parkedCount: Int { tally.parked.load(ordering: .relaxed) }

    /// Entries handled by this consumer since it started.
    public var handledCount: Int { tally.handled.load(ordering: .relaxed) }

    /// "YYYY-MM-DD HH:MM:SS" UTC, now.
    private static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date())
    }

    /// Starts the reading loop, which first creates the group if needed (retrying while
    /// Redis is unreachable).
    public func start() {
        let task = Task { await self.run() }
        loop.withLock { $0 = task }
    }

    /// Stops reading, waits up to `gracePeriod` seconds for held entries to finish, then
    /// cancels the rest (they stay pending and are taken over later).
    public func stop(gracePeriod: Double) async {
        let task = loop.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
        let deadline = ContinuousClock.now + .milliseconds(Int(gracePeriod * 1000))
        while held.count > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        await lanes.cancelAll()
    }

    /// Entries held now (queued or running).
    public var heldCount: Int { held.count }

    /// The loop: own pending entries first, then new ones, with maintenance between reads.
    private func run() async {
        var groupReady = false
        var pendingDone = false
        var lastMaintenance = ContinuousClock.now - .seconds(3600)
        while !Task.isCancelled {
            do {
                if !groupReady {
                    try await stream.createGroupIfNeeded()
                    groupReady = true
                }
                if !pendingDone {
                    await dispatch(try await stream.readPending(consumer: options.consumerName, count: options.maxHeld))
                    pendingDone = true
                }
                if ContinuousClock.now - lastMaintenance >= .milliseconds(options.maintenanceMilliseconds) {
                    lastMaintenance = ContinuousClock.now
                    try await stream.touch(held.ids, consumer: options.consumerName)
                    await dispatch(
                        try await stream.claimIdle(
                            consumer: options.consumerName, minIdleMilliseconds: options.claimIdleMilliseconds,
                            count: max(1, options.maxHeld - held.count)))
                }
                let room = options.maxHeld - held.count
                if room <= 0 {
                    try await Task.sleep(for: .milliseconds(10))
                    continue
                }
                let block = min(options.readBlockMilliseconds, options.maintenanceMilliseconds)
                await dispatch(
                    try await stream.readNew(consumer: options.consumerName, count: room, blockMilliseconds: block))
            } catch is CancellationError {
                return
            } catch {
                // The stream was deleted (and its group with it): make them again.
                if case RedisError.server(let message) = error, message.hasPrefix("NOGROUP") { groupReady = false }
                // A read whose reply was lost (Redis went away in the middle of it) may have
                // delivered entries to this consumer that it never saw: pending under its name,
                // they would wait out the idle limit and hold back their chats' lanes. Its
                // pending entries are read again (those it holds already are skipped).
                pendingDone = false
                logger.warning("stream read failed", ["stream": .string(stream.key), "error": .string("\(error)")])
                try? await Task.sleep(for: .milliseconds(options.failurePauseMilliseconds))
            }
        }
    }

    /// Hands entries to their lanes in stream order, skipping any already held.
    private func dispatch(_ entries: [StreamEntry]) async {
        for entry in entries where held.insert(entry.entryID) {
            await lanes.submit(entry, key: key(entry) ?? 0)
        }
    }
}

/// What a consumer's lanes did, counted for /metrics and for telling poison from an outage.
final class Tally: Sendable {
    let handled = Atomic<Int>(0)
    let parked = Atomic<Int>(0)
}

/// The entry ids a consumer holds, shared by its loop and its lanes.
final class HeldEntries: Sendable {
    /// The ids.
    private let storage = Mutex<Set<String>>([])

    /// Whether an id is held.
    func contains(_ id: String) -> Bool { storage.withLock { $0.contains(id) } }
    /// Adds an id; false when it was already held.
    func insert(_ id: String) -> Bool { storage.withLock { $0.insert(id).inserted } }
    /// Removes an id.
    func remove(_ id: String) { _ = storage.withLock { $0.remove(id) } }
    /// How many are held.
    var count: Int { storage.withLock { $0.count } }
    /// The ids held.
    var ids: [String] { storage.withLock { Array($0) } }
}
