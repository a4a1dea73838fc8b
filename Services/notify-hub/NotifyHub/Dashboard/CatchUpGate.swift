/// Live events that arrive while the hub replays what its lost event subscription missed:
/// held until the replay has gone out, so dashboards get both in id order and no gap.
///
/// Without it, the first live event after a reconnect went out at once and moved the
/// hub's newest id past the missed ones, and the replay, started a moment later from that
/// id, found nothing: dashboards skipped everything published while the subscription was
/// down (`make chaos` saw hundreds of `new_session` skipped after a Redis restart).
///
/// Pure; `DashboardHub` keeps it under a lock and does the Redis reads and deliveries.
struct CatchUpGate: Sendable {
    /// The most live events held; past it they are dropped and the replay goes on from
    /// where it got (the log has them), so memory stays bounded.
    let capacity: Int
    /// The replay starts after this id; nil while live.
    private(set) var since: Int?
    private var held: [[UInt8]] = []
    private var dropped = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Starts a catch-up after `since` (the newest id delivered); false if one is running.
    mutating func begin(since: Int) -> Bool {
        guard self.since == nil else { return false }
        self.since = since
        held = []
        dropped = false
        return true
    }

    /// A live event: true when it is held for later, false when it may go out now.
    mutating func hold(_ json: [UInt8]) -> Bool {
        guard since != nil else { return false }
        if held.count < capacity {
            held.append(json)
        } else {
            held.removeAll()
            dropped = true
        }
        return true
    }

    /// The replay went out through id `through`: the held events, to deliver now (live
    /// again), or nil when some were dropped and the replay must go on from `through`.
    mutating func finish(through: Int) -> [[UInt8]]? {
        guard since != nil else { return [] }
        if dropped {
            dropped = false
            since = through
            return nil
        }
        defer { (held, since) = ([], nil) }
        return held
    }

    /// Gives the catch-up up (the log cannot be read): the held events, to deliver now,
    /// live again. Better a gap than a hub that stays silent.
    mutating func abandon() -> [[UInt8]] {
        defer { (held, since, dropped) = ([], nil, false) }
        return held
    }
}
