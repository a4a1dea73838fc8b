/// Which outbox rows may be published yet: the drainer's rule for keeping id order without
/// making writers take turns.
///
/// Writers take ids from the outbox's sequence while their transactions run, and commit in
/// any order: row 8 can be visible while row 7's transaction is still open. Publishing 8
/// then would pass 7 for good (Redis remembers only the highest id it has). So rows go out
/// in id order, and only up to the first missing id, until that id is known to be settled:
/// either its row became visible, or it never will (its transaction rolled back, or the
/// sequence skipped it after a crash).
///
/// How a missing id is known to be settled: a writer has a transaction id before it takes
/// an outbox id (`switchboard_outbox_add`), and the sequence hands ids out in increasing
/// order (`bigserial`'s cache of 1: keep it so), so the transaction of any id below one the
/// read saw was running when the read's snapshot was taken, or had ended. Once every
/// transaction that snapshot lists as running has ended, a new read shows every row up to
/// the highest id the old read returned that will ever exist. `watch` keeps that snapshot
/// (PostgreSQL's `pg_snapshot` text) and id until then.
///
/// Pure: the drainer reads the rows, the snapshot of the read, and whether the watched
/// snapshot's transactions have all ended as of that read; this decides.
struct OutboxGaps: Sendable, Equatable {
    /// A gap waiting to settle: the snapshot of the read that saw it and the highest id
    /// that read returned.
    struct Watch: Sendable, Equatable {
        var snapshot: String
        var through: Int64
    }

    /// Every id up to this one is settled: a row with such an id that is not visible now
    /// never will be.
    private(set) var settledThrough: Int64 = 0
    /// The gap being waited on, if any.
    private(set) var watch: Watch?

    /// How many of `ids` (ascending, all above `cursor`, the last id published) may be
    /// published now, in order. `snapshot` is the read's; `watchSettled` says whether every
    /// transaction running in `watch`'s snapshot had ended by that read.
    mutating func publishable(ids: [Int64], after cursor: Int64, snapshot: String, watchSettled: Bool) -> Int {
        if watchSettled, let settled = watch {
            settledThrough = max(settledThrough, settled.through)
            watch = nil
        }
        var next = cursor + 1
        var count = 0
        for id in ids {
            guard id == next || id <= settledThrough else { break }
            count += 1
            next = id + 1
        }
        if count < ids.count, watch == nil, let last = ids.last {
            watch = Watch(snapshot: snapshot, through: last)
        }
        return count
    }
}
