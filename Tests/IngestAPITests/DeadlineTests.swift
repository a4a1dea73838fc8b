import Testing

@testable import IngestAPI

/// `Deadline`: the caller hears the result, or the time-out error once the deadline
/// passes, whichever comes first; a late result is dropped.
struct DeadlineTests {
    private struct TimedOut: Error {}

    @Test func fastWorkReturnsItsValue() async throws {
        let value = try await Deadline.run(within: .seconds(2), timeoutError: { TimedOut() }) { 42 }
        #expect(value == 42)
    }

    @Test func fastWorkThrowsItsOwnError() async throws {
        struct Failed: Error {}
        await #expect(throws: Failed.self) {
            try await Deadline.run(within: .seconds(2), timeoutError: { TimedOut() }) { () async throws -> Int in
                throw Failed()
            }
        }
    }

    @Test func slowWorkGetsTheTimeOutErrorAtTheDeadline() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: TimedOut.self) {
            try await Deadline.run(within: .milliseconds(200), timeoutError: { TimedOut() }) { () async throws -> Int in
                try? await Task.sleep(for: .seconds(3))
                return 1
            }
        }
        let waited = start.duration(to: clock.now)
        #expect(waited >= .milliseconds(190) && waited < .seconds(2))
    }

    @Test func manyCallsEachGetTheirOwnAnswer() async throws {
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for number in 0..<200 {
                group.addTask {
                    try await Deadline.run(within: .seconds(5), timeoutError: { TimedOut() }) { number * 2 }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values.sorted() == (0..<200).map { $0 * 2 })
    }
}
