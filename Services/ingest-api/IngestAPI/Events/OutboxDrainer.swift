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
        /// How soon a turn that stopped at a gap (`OutboxGaps`) looks again (doubling up to
        /// `idleInterval` while the same gap stays).
        var gapInterval: Duration = .milliseconds(20)
        /// How long a gap may hold events back before the drainer logs a warning (then again
        /// as often): a transaction left open on the server holds them.
        var gapWarning: Duration = .seconds(10)
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
        var gaps = OutboxGaps()
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
        var gapWait = options.gapInterval
        var gapSince: ContinuousClock.Instant?
        while !Task.isCancelled {
            var turn: Turn?
            do {
                if try await holdsLease() {
                    turn = try await drainTurn()
                    try await sweepIfDue()
                }
                backoff = .milliseconds(50)
            } catch {
                logger.warning("outbox not drained", ["error": .string("\(error)")])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, options.maximumBackoff)
                continue
            }
            if turn?.more == true { continue }
            guard let turn, turn.atGap else {
                (gapWait, gapSince) = (options.gapInterval, nil)
                await waitForWake(upTo: options.idleInterval)
                continue
            }
            // At a gap the commit that fills it wakes this turn if it is this instance's; a
            // rollback, or another instance's commit, is seen by looking again: soon at first,
            // less often while the same gap stays (a transaction left open somewhere).
            if turn.published > 0 { gapWait = options.gapInterval }
            let now = ContinuousClock.now
            if let since = gapSince, now - since >= options.gapWarning {
                logger.warning(
                    "outbox drainer: events wait behind an outbox id whose transaction has not ended",
                    ["waited_s": .int(Int((now - since) / .seconds(1))), "published_through": .int(Int(turn.cursor))])
                gapSince = now
            } else if gapSince == nil {
                gapSince = now
            }
            await waitForWake(upTo: gapWait)
            gapWait = min(gapWait * 2, options.idleInterval)
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

    /// What one turn did.
    private struct Turn {
        /// Rows read past the cursor.
        var read = 0
        /// More can be done at once: the turn published a full batch, or stopped at a refused
        /// row after publishing the rows before it (or parking it).
        var more = false
        /// The turn stopped at an id whose row is not visible yet (`OutboxGaps`).
        var atGap = false
        /// Rows published (or parked).
        var published = 0
        /// The cursor the turn started from: every row up to it was published.
        var cursor: Int64 = 0
    }

    /// One turn: reads the rows past the cursor and publishes those `OutboxGaps` allows.
    private func drainTurn() async throws -> Turn {
        let bound = state.withLock { $0.gaps.watch?.bound }
        // The rows, and whether the watched gap's bound is below every transaction running
        // as of the same snapshot (`OutboxGaps`): one statement, one snapshot.
        let rows = try await database.query(
            """
            WITH s AS (
                SELECT pg_current_snapshot() AS taken,
                    (SELECT published_through FROM event_outbox_cursor WHERE name = 'redis') AS cursor)
            SELECT s.cursor, pg_snapshot_xmin(s.taken) > $2::xid8 AS bound_passed,
                o.id, o.type, o.data, o.event_timestamp
            FROM s LEFT JOIN LATERAL (
                SELECT id, type, data, event_timestamp FROM event_outbox WHERE id > s.cursor ORDER BY id LIMIT $1
            ) AS o ON true
            ORDER BY o.id
            """, [.int(options.batchLimit), PostgresValue(bound)])
        guard let first = rows.first else { return Turn() }
        let cursor = try first.decode(Int64.self, "cursor")
        let read = try rows.compactMap { row -> EventPublisher.OutboxEvent? in
            guard let id = try row.optional(Int64.self, "id") else { return nil }
            return EventPublisher.OutboxEvent(
                outboxID: id,
                event: EventPublisher.Pending(
                    type: try row.decode(String.self, "type"), dataJSON: try row.decode(String.self, "data")),
                timestamp: try row.decode(String.self, "event_timestamp"))
        }
        guard !read.isEmpty else { return Turn() }
        // (Null without a bound: nothing has passed it.)
        let boundPassed = try first.optional(Bool.self, "bound_passed") ?? false
        let (count, needsBound) = state.withLock { state in
            let count = state.gaps.publishable(ids: read.map(\.outboxID), after: cursor, boundPassed: boundPassed)
            return (count, state.gaps.needsBound)
        }
        var turn = Turn(read: read.count, atGap: count < read.count, published: count, cursor: cursor)
        if count > 0 {
            let events = Array(read.prefix(count))
            do {
                try await publish(events)
                turn.more = count == options.batchLimit
            } catch let refusal as OutboxRefusal {
                let before = Array(events.prefix { $0.outboxID < refusal.outboxID })
                if before.isEmpty {
                    try await refused(refusal, after: cursor)
                } else {
                    try await publish(before)
                }
                turn.more = true
            }
        }
        if needsBound { await takeBound() }
        return turn
    }

    /// Takes the watch's bound: an xid taken now is above every writer's that may fill the
    /// gap (they had theirs before the read that saw it). Any time after that read will do,
    /// so a failure waits for the next turn's try rather than holding up its rows.
    private func takeBound() async {
        do {
            let taken = try await database.query("SELECT pg_current_xact_id()::text AS bound")
            if let bound = try taken.first?.decode(String.self, "bound") {
                state.withLock { $0.gaps.bind(bound) }
            }
        } catch {
            logger.warning("outbox drainer: cannot take a gap's bound", ["error": .string("\(error)")])
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

    /// Counts a refusal of the row at the head (the first row publishable past `cursor`);
    /// parks the row once it has been refused `deadLetterAfter` times (returning, so the
    /// next turn goes on at once), else throws the refusal, so the turn pauses as after any
    /// failure before trying it again.
    private func refused(_ refusal: OutboxRefusal, after cursor: Int64) async throws {
        let attempts = state.withLock { state -> Int in
            let previous = state.refused.flatMap { $0.outboxID == refusal.outboxID ? $0 : nil }
            var refused = previous ?? Refused(outboxID: refusal.outboxID, attempts: 0, error: "")
            refused.attempts += 1
            refused.error = refusal.reason
            state.refused = refused
            return refused.attempts
        }
        guard attempts >= options.deadLetterAfter else { throw refusal }
        let moved = try await deadLetters.park(
            id: refusal.outboxID, after: cursor, error: refusal.reason, attempts: attempts)
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
