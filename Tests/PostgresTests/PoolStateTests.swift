import Testing

@testable import Postgres

/// The pool's bookkeeping, without connections: strings stand for connections, numbers for
/// waiting callers.
@Suite struct PoolStateTests {
    typealias State = PoolState<String, Int>

    /// Acquires for waiter `waiter`, using it as its id too.
    private func acquire(_ state: inout State, _ waiter: Int) -> State.AcquireOutcome {
        _ = state.makeWaiterID()
        return state.acquire(id: UInt64(waiter), waiter: waiter, isCancelled: false)
    }

    @Test func opensConnectionsUpToCapacityThenQueues() {
        var state = State(capacity: 2)
        guard case .granted(.connect) = acquire(&state, 1), case .granted(.connect) = acquire(&state, 2) else {
            Issue.record("the first two callers should open connections")
            return
        }
        guard case .wait = acquire(&state, 3) else {
            Issue.record("the third caller should wait")
            return
        }
        #expect(state.openCount == 2)
        #expect(state.waitingCount == 1)
    }

    @Test func reusesTheMostRecentlyReleasedIdleConnection() {
        var state = State(capacity: 2)
        _ = acquire(&state, 1)
        _ = acquire(&state, 2)
        #expect(state.release("a", isReusable: true).isEmpty)
        #expect(state.release("b", isReusable: true).isEmpty)
        guard case .granted(.idle("b")) = acquire(&state, 3) else {
            Issue.record("expected the idle connection b")
            return
        }
    }

    @Test func servesWaitersFirstInFirstOut() {
        var state = State(capacity: 1)
        _ = acquire(&state, 1)
        _ = acquire(&state, 2)
        _ = acquire(&state, 3)
        let first = state.release("a", isReusable: true)
        guard case .resume(2, .handedOver("a")) = first.first, first.count == 1 else {
            Issue.record("waiter 2 should get the connection first, got \(first)")
            return
        }
        let second = state.release("a", isReusable: true)
        guard case .resume(3, .handedOver("a")) = second.first else {
            Issue.record("waiter 3 should be next, got \(second)")
            return
        }
        #expect(state.release("a", isReusable: true).isEmpty)
        #expect(state.idle == ["a"])
    }

    @Test func aBrokenConnectionIsClosedAndItsSlotGoesToAWaiter() {
        var state = State(capacity: 1)
        _ = acquire(&state, 1)
        _ = acquire(&state, 2)
        let actions = state.release("a", isReusable: false)
        guard actions.count == 2, case .close("a") = actions[0], case .resume(2, .connect) = actions[1] else {
            Issue.record("expected close then a slot for waiter 2, got \(actions)")
            return
        }
        #expect(state.openCount == 1)
    }

    @Test func aFailedConnectGivesTheSlotToTheNextWaiter() {
        var state = State(capacity: 1)
        _ = acquire(&state, 1)
        _ = acquire(&state, 2)
        let actions = state.connectFailed()
        guard actions.count == 1, case .resume(2, .connect) = actions[0] else {
            Issue.record("expected a slot for waiter 2, got \(actions)")
            return
        }
        #expect(state.connectFailed().isEmpty)
        #expect(state.openCount == 0)
    }

    @Test func aTimedOutWaiterIsRemovedOnce() {
        var state = State(capacity: 1)
        _ = acquire(&state, 1)
        _ = acquire(&state, 2)
        let error = PostgresError(.poolTimeout, "timed out")
        guard case .fail(2, _) = state.removeWaiter(2, error: error).first else {
            Issue.record("waiter 2 should fail")
            return
        }
        #expect(state.removeWaiter(2, error: error).isEmpty)
        #expect(state.waitingCount == 0)
    }

    @Test func droppingIdleConnectionsFreesTheirSlots() {
        var state = State(capacity: 2)
        _ = acquire(&state, 1)
        _ = acquire(&state, 2)
        _ = state.release("a", isReusable: true)
        let actions = state.dropIdle()
        guard actions.count == 1, case .close("a") = actions[0] else {
            Issue.record("expected a to be closed, got \(actions)")
            return
        }
        #expect(state.openCount == 1)
        #expect(state.idle.isEmpty)
    }

    @Test func closingFailsWaitersAndRefusesNewCallers() {
        var state = State(capacity: 1)
        _ = acquire(&state, 1)
        _ = acquire(&state, 2)
        guard case .fail(2, _) = state.close().first else {
            Issue.record("waiter 2 should fail")
            return
        }
        guard case .failed = acquire(&state, 3) else {
            Issue.record("a closed pool should refuse")
            return
        }
        guard case .close("a") = state.release("a", isReusable: true).first else {
            Issue.record("a connection coming back to a closed pool is closed")
            return
        }
        #expect(state.openCount == 0)
    }

    @Test func aCancelledCallerIsRefusedWithoutQueueing() {
        var state = State(capacity: 1)
        _ = acquire(&state, 1)
        guard case .failed(let error) = state.acquire(id: 9, waiter: 9, isCancelled: true) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error is CancellationError)
        #expect(state.waitingCount == 0)
    }

    @Test func theTimeOutSweepFailsOnlyTheCallersThatWaitedLongEnough() {
        var state = State(capacity: 1)
        let start = ContinuousClock.now
        _ = state.makeWaiterID()
        _ = state.acquire(id: 1, waiter: 1, isCancelled: false, now: start)
        for (waiter, offset) in [(2, 0), (3, 100), (4, 200)] {
            _ = state.makeWaiterID()
            _ = state.acquire(id: UInt64(waiter), waiter: waiter, isCancelled: false, now: start + .milliseconds(offset))
        }
        let actions = state.removeWaiters(waitingSince: start + .milliseconds(100), error: CancellationError())
        let failed = actions.compactMap { action -> Int? in
            if case .fail(let waiter, _) = action { return waiter }
            return nil
        }
        #expect(failed == [2, 3])
        #expect(state.waitingCount == 1)
        #expect(state.removeWaiters(waitingSince: start + .milliseconds(150), error: CancellationError()).isEmpty)
        guard case .resume(4, .handedOver("a")) = state.release("a", isReusable: true).first else {
            Issue.record("the waiter that was not overdue should get the connection")
            return
        }
    }
}
