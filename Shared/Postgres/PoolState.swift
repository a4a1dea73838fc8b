/// The bookkeeping of `PostgresPool` as a plain value: which connections are idle, how many
/// exist, who waits. It performs no I/O; each change returns the actions the pool must then
/// carry out (outside its lock), which keeps it testable without a server.
///
/// Invariants: `openCount` counts idle, leased and connecting connections and never exceeds
/// `capacity`; nobody waits while a connection is idle or a slot is free, so a newcomer
/// never overtakes a waiter (first in, first out).
struct PoolState<Connection, Waiter> {
    /// What a caller receives when its turn comes.
    typealias Grant = PoolGrant<Connection>

    /// Work for the pool to do after updating the state.
    enum Action {
        /// Give `Grant` to a waiting caller.
        case resume(Waiter, Grant)
        /// Fail a waiting caller.
        case fail(Waiter, any Error)
        /// Close a connection that leaves the pool.
        case close(Connection)
    }

    /// The answer to `acquire`.
    enum AcquireOutcome {
        /// Served at once.
        case granted(Grant)
        /// Queued; an `Action` resumes or fails the waiter later.
        case wait
        /// Refused (pool closed or task cancelled).
        case failed(any Error)
    }

    /// The most connections open at once.
    let capacity: Int
    /// Connections ready for use; the last one released is reused first (it is the least
    /// likely to have gone stale).
    private(set) var idle: [Connection] = []
    /// Idle + leased + being opened.
    private(set) var openCount = 0
    /// Callers waiting for a connection, oldest first, with when each began to wait.
    private var waiters: [(id: UInt64, waiter: Waiter, since: ContinuousClock.Instant)] = []
    /// True after `close()`.
    private(set) var isClosed = false
    /// The last waiter id handed out.
    private var lastWaiterID: UInt64 = 0

    /// An empty pool of at most `capacity` connections.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// How many callers wait.
    var waitingCount: Int { waiters.count }

    /// A fresh id for `acquire`, so that a time-out or cancellation can find its waiter.
    mutating func makeWaiterID() -> UInt64 {
        lastWaiterID += 1
        return lastWaiterID
    }

    /// Serves a caller at once if possible, else queues it (as waiting since `now`).
    mutating func acquire(
        id: UInt64, waiter: Waiter, isCancelled: Bool, now: ContinuousClock.Instant = .now
    ) -> AcquireOutcome {
        if isClosed { return .failed(PostgresError(.poolClosed, "the PostgreSQL pool is closed")) }
        if isCancelled { return .failed(CancellationError()) }
        if let connection = idle.popLast() { return .granted(.idle(connection)) }
        if openCount < capacity {
            openCount += 1
            return .granted(.connect)
        }
        waiters.append((id, waiter, now))
        return .wait
    }

    /// Takes back a leased connection: hands it to the oldest waiter, or keeps it idle; a
    /// connection that is not reusable is closed and its slot goes to a waiter.
    mutating func release(_ connection: Connection, isReusable: Bool) -> [Action] {
        guard isReusable, !isClosed else {
            openCount -= 1
            return [.close(connection)] + grantFreeSlots()
        }
        if waiters.isEmpty {
            idle.append(connection)
            return []
        }
        return [.resume(waiters.removeFirst().waiter, .handedOver(connection))]
    }

    /// Gives back the slot of a connection that could not be opened.
    mutating func connectFailed() -> [Action] {
        openCount -= 1
        return grantFreeSlots()
    }

    /// Removes a waiter that timed out or was cancelled, failing it with `error`; nothing if
    /// it was already served.
    mutating func removeWaiter(_ id: UInt64, error: any Error) -> [Action] {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return [] }
        return [.fail(waiters.remove(at: index).waiter, error)]
    }

    /// Fails, with `error`, every waiter that began to wait at or before `cutoff` (the
    /// acquire time-out's sweep). Waiters queue in order, so they are the oldest ones.
    mutating func removeWaiters(waitingSince cutoff: ContinuousClock.Instant, error: any Error) -> [Action] {
        let overdue = waiters.prefix { $0.since <= cutoff }.count
        guard overdue > 0 else { return [] }
        defer { waiters.removeFirst(overdue) }
        return waiters.prefix(overdue).map { .fail($0.waiter, error) }
    }

    /// Closes every idle connection (after one turned out dead: they are all suspect).
    mutating func dropIdle() -> [Action] {
        let dropped = idle
        idle.removeAll()
        openCount -= dropped.count
        return dropped.map { .close($0) } + grantFreeSlots()
    }

    /// Refuses new callers, fails the waiting ones and closes the idle connections; leased
    /// connections are closed when they come back.
    mutating func close() -> [Action] {
        isClosed = true
        let error = PostgresError(.poolClosed, "the PostgreSQL pool is closed")
        let failed = waiters.map { Action.fail($0.waiter, error) }
        waiters.removeAll()
        return failed + dropIdle()
    }

    /// Lets waiters open connections in the free slots.
    private mutating func grantFreeSlots() -> [Action] {
        var actions: [Action] = []
        while !isClosed, openCount < capacity, !waiters.isEmpty {
            openCount += 1
            actions.append(.resume(waiters.removeFirst().waiter, .connect))
        }
        return actions
    }
}

/// What a caller of the pool receives when its turn comes.
enum PoolGrant<Connection> {
    /// A connection from the idle list (it may have died while idle).
    case idle(Connection)
    /// A connection handed straight over by the caller that just released it.
    case handedOver(Connection)
    /// A free slot: the caller opens a new connection, then owns it.
    case connect
}

extension PoolGrant: Sendable where Connection: Sendable {}
