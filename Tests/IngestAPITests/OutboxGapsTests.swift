import Testing

@testable import IngestAPI

/// The drainer's rule for id order without a lock (`OutboxGaps`), without a database: rows
/// go out in id order up to the first missing id, and past it only once the transactions
/// that could still fill it have ended.
struct OutboxGapsTests {
    @Test func consecutiveRowsAllGoOut() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [1, 2, 3], after: 0, snapshot: "10:10:", watchSettled: false) == 3)
        #expect(gaps.watch == nil)
    }

    @Test func rowsPastAMissingIdWaitAndTheReadThatSawItIsWatched() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [5, 6, 8, 9], after: 4, snapshot: "10:12:10,11", watchSettled: false) == 2)
        #expect(gaps.watch == OutboxGaps.Watch(snapshot: "10:12:10,11", through: 9))
        // Still running at the next read: nothing new goes out, the first watch is kept.
        #expect(gaps.publishable(ids: [8, 9, 10], after: 6, snapshot: "11:13:11", watchSettled: false) == 0)
        #expect(gaps.watch?.snapshot == "10:12:10,11")
    }

    @Test func aGapThatFillsGoesOutInIdOrder() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [2, 3], after: 0, snapshot: "5:6:5", watchSettled: false) == 0)
        // Row 1 committed: the rows are consecutive again, whether or not the watch settled.
        #expect(gaps.publishable(ids: [1, 2, 3], after: 0, snapshot: "6:6:", watchSettled: false) == 3)
    }

    @Test func aGapThatNeverFillsIsPassedOnceTheWatchedTransactionsEnded() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [3, 4], after: 1, snapshot: "7:8:7", watchSettled: false) == 0)
        // Id 2 rolled back: its transaction ended, its row never came. Rows up to 4 (the
        // highest the watched read saw) go out; a later gap past them is watched anew.
        #expect(gaps.publishable(ids: [3, 4, 6], after: 1, snapshot: "9:9:", watchSettled: true) == 2)
        #expect(gaps.settledThrough == 4)
        #expect(gaps.watch == OutboxGaps.Watch(snapshot: "9:9:", through: 6))
    }

    @Test func aSettledWatchDoesNotPassIdsAboveWhatItsReadSaw() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [3], after: 1, snapshot: "7:8:7", watchSettled: false) == 0)
        // Id 5 is missing too, but the watched read ended at 3: 5's transaction may have
        // started after it, so 6 waits (3 is settled, 4 follows it).
        #expect(gaps.publishable(ids: [3, 4, 6], after: 1, snapshot: "9:10:9", watchSettled: true) == 2)
        #expect(gaps.settledThrough == 3)
        #expect(gaps.watch == OutboxGaps.Watch(snapshot: "9:10:9", through: 6))
    }

    @Test func aWatchCountsOnlyWhenTheDrainerSaysItSettled() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [], after: 0, snapshot: "1:1:", watchSettled: true) == 0)
        #expect(gaps.watch == nil)
        #expect(gaps.settledThrough == 0)
        #expect(gaps.publishable(ids: [2], after: 0, snapshot: "1:2:1", watchSettled: true) == 0)
        #expect(gaps.settledThrough == 0)
    }
}
