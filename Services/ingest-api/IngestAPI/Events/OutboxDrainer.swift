import Events
import Foundation
import Logging
import Postgres
import Synchronization

/// Publishes the outbox (`event_outbox`) to Redis, in id order, from one ingest-api
/// instance at a time.
///
/// Every instance runs one. Each turn it takes or renews the lease (`event_outbox_lease`,
/// `leaseDuration`; renewed at least every `renewInterval`), and the holder reads the rows
/// past `event_outbox_cursor`, publishes them (`EventPublisher.publishOutbox`, which skips
/// rows Redis already has), and moves the cursor. A holder killed at any point is replaced
/// once its lease expires, within seconds, and the new holder starts where the cursor is:
/// a row published but not marked is skipped by Redis, not published again. While Redis is
/// down the rows wait (requests keep succeeding); they go out in order when it is back.
///
/// A row the publisher refuses (`OutboxRefusal`: its data is not a JSON object) fails the
/// same way every time. The rows before it go out; it is tried again, pausing as after any
/// failure, and after `deadLetterAfter` tries it is parked (`OutboxDeadLetters`) with its
/// error, so the rows behind it go out too. An outage (Redis or PostgreSQL down) is not
/// the row's failure: it is waited out and never parks anything.
final class OutboxDrainer: Sendable {
    /// The tunables.
    struct Options: Sendable {
        /// How long a lease lasts without renewal: how soon another instance takes over.
        var leaseDuration: Duration = .seconds(5)
        /// How often the holder renews.
        var renewInterval: Duration = .seconds(1)
        /// How long a turn waits for a wake-up before looking anyway (rows of other
        /// instances, the lease of a dead holder).
        var idleInterval: Duration = .milliseconds(500)
        /// The longest pause after a failure (doubling from 50 ms).
        var maximumBackoff: Duration = .seconds(2)
        /// The most rows published in one Redis call.
        var batchLimit = 500
        /// Published rows older than this are deleted.
        var retention: Duration = .seconds(86_400)
        /// After this many refusals a row is parked in `event_outbox_dead`.
        var deadLetterAfter = 5
    }

    /// The row at the head that the publisher keeps refusing: its id, tries, last error.
    private struct Refused {
        var outboxID: Int64
        var attempts: Int
        var error: String
    }

    private struct State {
        var woken = false
        var waiter: CheckedContinuation<Void, Never>?
        var isHolder = false
        var lastRenewal: ContinuousClock.Instant?
        var published = 0
        var parked = 0
        var refused: Refused?
        var lastSweep: ContinuousClock.Instant?
    }

    private let database: Database
    private let deadLetters: OutboxDeadLetters
    private let publisher: EventPublisher
    private let logger: Logger
    private let options: Options
    /// This instance's name in the lease.
    let holder: String
    private let state = Mutex(State())
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(database: Database, publisher: EventPublisher, logger: Logger, options: Options = Options()) {
        self.database = database
        deadLetters = OutboxDeadLetters(database: database)
        self.publisher = publisher
        self.logger = logger
        self.options = options
        holder = "\(ProcessInfo.processInfo.hostName)/\(getpid())/\(UUID().uuidString.prefix(8))"
    }

    /// Whether this instance holds the lease (as of its last turn).
    var isHolder: Bool { state.withLock { $0.isHolder } }

    /// Rows this instance has published since it started.
    var publishedCount: Int { state.withLock { $0.published } }

    /// Rows this instance has parked in `event_outbox_dead` since it started.
    var parkedCount: Int { state.withLock { $0.parked } }

    /// Starts the turns.
    func start() {
        task.withLock { task in
            guard task == nil else { return }
            task = Task { await self.run() }
        }
    }

    /// Says that rows were committed: the next turn starts now.
    func wake() {
        // A waiting turn is resumed; otherwise the next wait returns at once.
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.woken = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Stops the turns; as holder, publishes what is waiting once more first (best effort),
    /// then gives the lease up so another instance takes over at once.
    func stop() async {
        guard
            let running = task.withLock({ task -> Task<Void, Never>? in
                defer { task = nil }; return task
            })
        else {
            return
        }
        running.cancel()
        wake()
        await running.value
        if isHolder {
            _ = try? await drainOnce()
            _ = try? await database.query(
                "DELETE FROM event_outbox_lease WHERE name = 'drainer' AND holder = $1", [.text(holder)])
        }
    }

    private func run() async {
        var backoff = Duration.milliseconds(50)
        while !Task.isCancelled {
            var more = false
            do {
                if try await holdsLease() {
                    let turn = try await drainTurn()
                    more = turn.read == options.batchLimit || turn.cutShort
                    try await sweepIfDue()
                }
                backoff = .milliseconds(50)
            } catch {
                logger.warning("outbox not drained", ["error": .string("\(error)")])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, options.maximumBackoff)
                continue
            }
            if !more { await waitForWake(upTo: options.idleInterval) }
        }
    }

    /// Takes or renews the lease when due; whether this instance holds it.
    private func holdsLease() async throws -> Bool {
        let now = ContinuousClock.now
        let (held, due) = state.withLock { state in
            (state.isHolder, state.lastRenewal.map { now - $0 >= options.renewInterval } ?? true)
        }
        guard due || !held else { return true }
        let seconds =
            Double(options.leaseDuration.components.seconds)
            + Double(options.leaseDuration.components.attoseconds) / 1e18
        let rows = try await database.query(
            "SELECT coalesce(switchboard_outbox_lease($1, $2), false) AS held", [.text(holder), .double(seconds)])
        let holds = try rows.first?.decode(Bool.self, "held") ?? false
        state.withLock { state in
            if holds != state.isHolder {
                logger.info(holds ? "outbox drainer: lease taken" : "outbox drainer: lease held elsewhere")
            }
            state.isHolder = holds
            state.lastRenewal = holds ? now : nil
        }
        return holds
    }

    /// Publishes the next rows past the cursor and moves it; how many rows were read.
    @discardableResult
    func drainOnce() async throws -> Int {
        try await drainTurn().read
    }

    /// One turn: how many rows were read, and whether the turn stopped at a refused row
    /// (after publishing the rows before it, or parking it): more may be waiting.
    private func drainTurn() async throws -> (read: Int, cutShort: Bool) {
        let rows = try await database.query(
            """
            SELECT id, type, data, event_timestamp FROM event_outbox
            WHERE id > (SELECT published_through FROM event_outbox_cursor WHERE name = 'redis')
            ORDER BY id LIMIT $1
            """, [.int(options.batchLimit)])
        guard !rows.isEmpty else { return (0, false) }
        let events = try rows.map { row in
            EventPublisher.OutboxEvent(
                outboxID: try row.decode(Int64.self, "id"),
                event: EventPublisher.Pending(
                    type: try row.decode(String.self, "type"), dataJSON: try row.decode(String.self, "data")),
                timestamp: try row.decode(String.self, "event_timestamp"))
        }
        do {
            try await publish(events)
            return (rows.count, false)
        } catch let refusal as OutboxRefusal {
            let before = Array(events.prefix { $0.outboxID < refusal.outboxID })
            if !before.isEmpty {
                try await publish(before)
                return (rows.count, true)
            }
            try await refused(refusal)
            return (rows.count, true)
        }
    }

    /// Publishes `events` (consecutive rows past the cursor) and moves the cursor past them.
    private func publish(_ events: [EventPublisher.OutboxEvent]) async throws {
        let receipt = try await publisher.publishOutbox(events)
        // Redis may have had these rows already (published before a crash): its through
        // value is where they end, whichever drainer sent them.
        let through = max(receipt.through, events.last?.outboxID ?? 0)
        _ = try await database.query(
            """
            UPDATE event_outbox_cursor SET published_through = $1, updated_at = now()
            WHERE name = 'redis' AND published_through < $1
            """, [.int(Int(through))])
        state.withLock { state in
            state.published += receipt.ids.count
            if let refused = state.refused, refused.outboxID <= through { state.refused = nil }
        }
    }

    /// Counts a refusal of the row at the head; parks the row once it has been refused
    /// `deadLetterAfter` times (returning, so the next turn goes on at once), else throws
    /// the refusal, so the turn pauses as after any failure before trying it again.
    private func refused(_ refusal: OutboxRefusal) async throws {
        let attempts = state.withLock { state -> Int in
            let previous = state.refused.flatMap { $0.outboxID == refusal.outboxID ? $0 : nil }
            var refused = previous ?? Refused(outboxID: refusal.outboxID, attempts: 0, error: "")
            refused.attempts += 1
            refused.error = refusal.reason
            state.refused = refused
            return refused.attempts
        }
        guard attempts >= options.deadLetterAfter else { throw refusal }
        let moved = try await deadLetters.park(id: refusal.outboxID, error: refusal.reason, attempts: attempts)
        state.withLock { state in
            state.refused = nil
            if moved { state.parked += 1 }
        }
        logger.error(
            "outbox row parked in the dead-letter store after failing again and again",
            ["outbox_id": .int(Int(refusal.outboxID)), "attempts": .int(attempts), "error": .string(refusal.reason)])
    }

    /// Deletes published rows older than the retention, about once a minute.
    private func sweepIfDue() async throws {
        let now = ContinuousClock.now
        let due = state.withLock { state -> Bool in
            guard state.lastSweep.map({ now - $0 >= .seconds(60) }) ?? true else { return false }
            state.lastSweep = now
            return true
        }
        guard due else { return }
        _ = try await database.query(
            """
            DELETE FROM event_outbox WHERE created_at < now() - make_interval(secs => $1)
                AND id <= (SELECT published_through FROM event_outbox_cursor WHERE name = 'redis')
            """, [.double(Double(options.retention.components.seconds))])
    }

    /// Returns at a wake-up (or at once if one came since the last turn), or after `interval`.
    private func waitForWake(upTo interval: Duration) async {
        let timer = Task { [weak self] in
            try? await Task.sleep(for: interval)
            self?.wake()
        }
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.woken || Task.isCancelled {
                    state.woken = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
        timer.cancel()
    }
}
