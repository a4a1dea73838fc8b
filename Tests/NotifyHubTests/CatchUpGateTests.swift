import Testing

@testable import NotifyHub

/// The hub's catch-up after its event subscription was lost (`CatchUpGate`): live events
/// wait for the replay of what was missed, then go out after it, none lost.
struct CatchUpGateTests {
    private let a: [UInt8] = Array("{\"id\":\"11\"}".utf8)
    private let b: [UInt8] = Array("{\"id\":\"12\"}".utf8)

    @Test func liveEventsGoOutAtOnceUnlessACatchUpRuns() {
        var gate = CatchUpGate(capacity: 10)
        let heldWhileLive = gate.hold(a)
        #expect(!heldWhileLive)
        gate.begin(since: 5)
        let (first, second) = (gate.claim(), gate.claim())
        #expect(first == 5 && second == nil, "one replay per catch-up")
        let (heldA, heldB) = (gate.hold(a), gate.hold(b))
        #expect(heldA && heldB)
        // The replay went out through 10: the held events follow, and the hub is live again.
        let released = gate.finish(through: 10)
        #expect(released == [a, b])
        #expect(gate.since == nil)
        let heldAfter = gate.hold(a)
        #expect(!heldAfter)
    }

    @Test func heldEventsPastTheCapacityAreReadFromTheLogInstead() {
        var gate = CatchUpGate(capacity: 1)
        gate.begin(since: 5)
        let (heldA, heldB) = (gate.hold(a), gate.hold(b))  // b is over the capacity: dropped
        #expect(heldA && heldB)
        let first = gate.finish(through: 10)
        #expect(first == nil, "the replay goes on from 10: the log has what was dropped")
        #expect(gate.since == 10)
        _ = gate.hold(b)
        let second = gate.finish(through: 12)
        #expect(second == [b])
    }

    @Test func aSecondLossDuringACatchUpMakesItsReplayReadAgain() {
        var gate = CatchUpGate(capacity: 10)
        gate.begin(since: 5)
        _ = gate.claim()
        _ = gate.hold(a)
        gate.begin(since: 11)  // lost again before the replay finished
        #expect(gate.since == 5)
        let first = gate.finish(through: 10)
        #expect(first == nil, "what was published during the second loss is read first")
        let second = gate.finish(through: 20)
        #expect(second == [a])
    }

    @Test func anAbandonedCatchUpGivesBackWhatItHeldAndGoesLive() {
        var gate = CatchUpGate(capacity: 10)
        gate.begin(since: 5)
        _ = gate.hold(a)
        let given = gate.abandon()
        #expect(given == [a])
        let heldAfter = gate.hold(b)
        #expect(!heldAfter)
        gate.begin(since: 6)
        #expect(gate.claim() == 6)
    }
}
