import Testing

@testable import IngestAPI

/// The drainer's rule for id order without a lock (`OutboxGaps`), without a database: rows
/// go out in id order up to the first missing id, and past it only once the transactions
/// that could still fill it have ended (no xid below the watch's bound still running).
struct OutboxGapsTests {
    @Test func consecutiveRowsAllGoOut() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [1, 2, 3], after: 0, boundPassed: false) == 3)
        #expect(gaps.watch == nil)
        #expect(!gaps.needsBound)
    }

    @Test func rowsPastAMissingIdWaitAndTheGapIsWatchedFromABoundTakenAfterTheRead() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [5, 6, 8, 9], after: 4, boundPassed: false) == 2)
        #expect(gaps.watch == OutboxGaps.Watch(through: 9, bound: nil))
        #expect(gaps.needsBound)
        gaps.bind("120")
        #expect(!gaps.needsBound)
        // Still running at the next read: nothing new goes out, the first watch is kept.
        #expect(gaps.publishable(ids: [8, 9, 10], after: 6, boundPassed: false) == 0)
        #expect(gaps.watch == OutboxGaps.Watch(through: 9, bound: "120"))
        gaps.bind("130")
        #expect(gaps.watch?.bound == "120")
    }

    @Test func aGapThatFillsGoesOutInIdOrder() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [2, 3], after: 0, boundPassed: false) == 0)
        // Row 1 committed: the rows are consecutive again, whether or not the watch settled.
        #expect(gaps.publishable(ids: [1, 2, 3], after: 0, boundPassed: false) == 3)
    }

    @Test func aGapThatNeverFillsIsPassedOnceEveryTransactionBelowTheBoundEnded() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [3, 4], after: 1, boundPassed: false) == 0)
        gaps.bind("8")
        // Id 2 rolled back: its transaction ended, its row never came. Rows up to 4 (the
        // highest the watched read saw) go out; a later gap past them is watched anew.
        #expect(gaps.publishable(ids: [3, 4, 6], after: 1, boundPassed: true) == 2)
        #expect(gaps.settledThrough == 4)
        #expect(gaps.watch == OutboxGaps.Watch(through: 6, bound: nil))
    }

    @Test func aSettledWatchDoesNotPassIdsAboveWhatItsReadSaw() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [3], after: 1, boundPassed: false) == 0)
        gaps.bind("8")
        // Id 5 is missing too, but the watched read ended at 3: 5's transaction may have
        // started after it, so 6 waits (3 is settled, 4 follows it).
        #expect(gaps.publishable(ids: [3, 4, 6], after: 1, boundPassed: true) == 2)
        #expect(gaps.settledThrough == 3)
        #expect(gaps.watch == OutboxGaps.Watch(through: 6, bound: nil))
    }

    @Test func aWatchWithoutItsBoundNeverSettles() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [], after: 0, boundPassed: true) == 0)
        #expect(gaps.watch == nil)
        #expect(gaps.publishable(ids: [2], after: 0, boundPassed: false) == 0)
        // The read that saw the gap came before any bound: "passed" cannot refer to it.
        #expect(gaps.publishable(ids: [2], after: 0, boundPassed: true) == 0)
        #expect(gaps.settledThrough == 0)
        #expect(gaps.needsBound)
    }

    @Test func aWatchWhoseGapFilledGivesWayToTheNextGapAtOnce() {
        var gaps = OutboxGaps()
        #expect(gaps.publishable(ids: [2, 3], after: 0, boundPassed: false) == 0)
        gaps.bind("50")
        // Row 1 committed: everything up to 3 went out, the cursor is past the watch.
        #expect(gaps.publishable(ids: [1, 2, 3], after: 0, boundPassed: false) == 3)
        // A new gap (5 missing) is watched anew and asks for its own bound, not the old one's.
        #expect(gaps.publishable(ids: [6], after: 3, boundPassed: false) == 0)
        #expect(gaps.watch == OutboxGaps.Watch(through: 6, bound: nil))
        #expect(gaps.needsBound)
    }
}
