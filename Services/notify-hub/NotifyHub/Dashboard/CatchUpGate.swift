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
    /// The replay must read the log again before it finishes: held events were dropped,
    /// or the subscription was lost again meanwhile.
    private var readAgain = false
    /// A replay task has taken this catch-up.
    private var claimed = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The subscription was lost: hold live events from now, to replay after `since` (the
    /// newest id delivered). A loss during a catch-up makes its replay read again.
    mutating func begin(since: Int) {
        guard self.since == nil else {
            readAgain = true
            return
        }
        (self.since, held, readAgain, claimed) = (since, [], false, false)
    }

    /// For the replay task to start: the id to replay after, once per catch-up.
    mutating func claim() -> Int? {
        guard let since, !claimed else { return nil }
        claimed = true
        return since
    }

    /// A live event: true when it is held for later, false when it may go out now.
    mutating func hold(_ json: [UInt8]) -> Bool {
        guard since != nil else { return false }
        if held.count < capacity {
            held.append(json)
        } else {
            held.removeAll()
            readAgain = true
        }
        return true
    }

    /// The replay went out through id `through`: the held events, to deliver now (live
    /// again), or nil when the replay must read on from `through`.
    mutating func finish(through: Int) -> [[UInt8]]? {
        guard since != nil else { return [] }
        if readAgain {
            readAgain = false
            since = through
            return nil
        }
        defer { (held, since, claimed) = ([], nil, false) }
        return held
    }

    /// Gives the catch-up up (the log cannot be read): the held events, to deliver now,
    /// live again. Better a gap than a hub that stays silent.
    mutating func abandon() -> [[UInt8]] {
        defer { (held, since, readAgain, claimed) = ([], nil, false, false) }
        return held
    }
}
