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
/// How a missing id is known to be settled. A writer has a transaction id (xid) before it
/// takes an outbox id (`switchboard_outbox_add`; `switchboard_ingest` writes the question
/// first), and the sequence hands ids out in increasing order (`bigserial`'s cache of 1:
/// keep it so). So the writer of any id below the highest one a read returned had its xid
/// before that read's snapshot. The drainer then takes a fresh xid (the watch's `bound`):
/// every such writer's xid is below it. Once no transaction below the bound is running (the
/// `xmin` of a later read's snapshot is above it), that later read shows every row up to
/// the watched id that will ever exist.
///
/// Not the snapshot's list of running transactions (`pg_snapshot_xip`), as before: a
/// snapshot lists only xids below its `xmax`, one past the newest *completed* xid, so a
/// writer with a newer xid than every committed one is missing from it while it still runs
/// (its outbox id taken before an older transaction took and committed a later one). Read
/// as "ended", its id was passed, and `make chaos` lost its events.
///
/// Pure: the drainer reads the rows and whether the watch's bound is below every running
/// transaction as of that read, takes the bound when asked for one; this decides.
struct OutboxGaps: Sendable, Equatable {
    /// A gap waiting to settle: the highest id of the read that saw it, and the xid taken
    /// after that read (PostgreSQL's `xid8` as text; nil until the drainer has taken it).
    struct Watch: Sendable, Equatable {
        var through: Int64
        var bound: String?
    }

    /// Every id up to this one is settled: a row with such an id that is not visible now
    /// never will be.
    private(set) var settledThrough: Int64 = 0
    /// The gap being waited on, if any.
    private(set) var watch: Watch?

    /// Whether the drainer must take a bound for the watch (a fresh xid, after the read
    /// that saw the gap) before the watch can settle.
    var needsBound: Bool { watch != nil && watch?.bound == nil }

    /// How many of `ids` (ascending, all above `cursor`, the last id published) may be
    /// published now, in order. `boundPassed` says whether, as of this read, no transaction
    /// with an xid below the watch's bound was running.
    mutating func publishable(ids: [Int64], after cursor: Int64, boundPassed: Bool) -> Int {
        // A gap that filled (or that another drainer passed) needs no watch: a new gap gets
        // one of its own at once instead of waiting for this one's bound.
        if let watched = watch, cursor >= watched.through { watch = nil }
        if boundPassed, let settled = watch, settled.bound != nil {
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
            watch = Watch(through: last, bound: nil)
        }
        return count
    }

    /// Records the xid the drainer took after the read that started the watch.
    mutating func bind(_ bound: String) {
        guard watch?.bound == nil else { return }
        watch?.bound = bound
    }
}
