import Foundation
import Logging
import Redis
import Synchronization
import TelegramOutbox
import TestSupport
import Testing

/// Poison entries: a `StreamConsumer` with `deadLetterAfter` parks an entry that fails
/// again and again while the rest gets through, keeps its chat's order meanwhile, and
/// waits an outage out instead of parking; a parked entry can be put back.
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct DeadLetterTests {
    let redis: RedisClient
    let stream: DurableStream

    init() throws {
        redis = RedisClient(url: try RedisURL(testRedisURL ?? "redis://127.0.0.1:1/0"))
        stream = DurableStream(redis: redis, key: "test:dead:\(UUID().uuidString.prefix(8))", group: "workers")
    }

    /// What the handler saw, and how it answers.
    final class Script: Sendable {
        let handled = Mutex<[String]>([])
        /// Payloads that fail (permanently) until cleared.
        let poison = Mutex<Set<String>>([])
        /// When set, everything fails as an outage.
        let outage = Mutex(false)

        func handle(_ entry: StreamEntry) -> HandlingFailure? {
            let text = String(decoding: entry.payload, as: UTF8.self)
            if outage.withLock({ $0 }) { return HandlingFailure("ingest-api unreachable", isTransient: true) }
            if poison.withLock({ $0.contains(text) }) { return HandlingFailure("cannot parse \(text)") }
            handled.withLock { $0.append(text) }
            return nil
        }
    }

    private func consumer(_ script: Script) -> StreamConsumer {
        var options = StreamConsumerOptions(consumerName: "test")
        options.deadLetterAfter = 5
        options.retryPauseMilliseconds = 10
        // The chat is the payload's prefix before ":".
        return StreamConsumer(
            stream: stream, options: options, logger: Logger(label: "dead", level: .error),
            key: { Int64(String(decoding: $0.payload, as: UTF8.self).split(separator: ":").first ?? "") },
            reportingHandler: { script.handle($0) })
    }

    private func append(_ payloads: [String]) async throws {
        for payload in payloads { _ = try await stream.append(id: UUID().uuidString, payload: Array(payload.utf8)) }
    }

    @Test func anEntryFailingAgainAndAgainIsParkedWithItsErrorAndTheRestFlowsPastItInOrder() async throws {
        let script = Script()
        script.poison.withLock { $0 = ["1:bad"] }
        let consumer = consumer(script)
        try await stream.createGroupIfNeeded()
        try await append(["1:bad", "1:after", "2:a", "2:b", "2:c"])
        consumer.start()
        #expect(await eventually(timeout: .seconds(10)) { script.handled.withLock { $0.count } == 4 })
        // Chat 1's next message waited for the poison to be parked: its order is kept.
        #expect(script.handled.withLock { $0.filter { $0.hasPrefix("2:") } } == ["2:a", "2:b", "2:c"])
        #expect(script.handled.withLock { $0.contains("1:after") })
        let letters = try await DeadLetters(redis: redis, streamKey: stream.key).list()
        #expect(letters.map(\.body) == ["1:bad"])
        #expect(letters.first?.error == "cannot parse 1:bad")
        #expect(letters.first?.attempts == 5)
        #expect(consumer.parkedCount == 1)
        #expect(await eventually { ((try? await stream.pendingCount()) ?? -1) == 0 })

        // Fixed, and retried from the store: handled, and gone from the store.
        script.poison.withLock { $0 = [] }
        let entryID = try #require(letters.first?.entryID)
        #expect(try await DeadLetters(redis: redis, streamKey: stream.key).retry(entryID: entryID))
        #expect(await eventually(timeout: .seconds(10)) { script.handled.withLock { $0.contains("1:bad") } })
        #expect(try await DeadLetters(redis: redis, streamKey: stream.key).count() == 0)
        await consumer.stop(gracePeriod: 1)
    }

    @Test func entriesFailingInAnOutageAreWaitedForNotParked() async throws {
        let script = Script()
        script.outage.withLock { $0 = true }
        let consumer = consumer(script)
        try await stream.createGroupIfNeeded()
        try await append(["3:one", "3:two", "4:three"])
        consumer.start()
        // Far more than five tries each (10 ms doubling up to a second and more).
        try await Task.sleep(for: .seconds(2))
        #expect(consumer.parkedCount == 0)
        #expect(try await DeadLetters(redis: redis, streamKey: stream.key).count() == 0)
        script.outage.withLock { $0 = false }
        #expect(await eventually(timeout: .seconds(10)) { script.handled.withLock { $0.count } == 3 })
        #expect(script.handled.withLock { $0.filter { $0.hasPrefix("3:") } } == ["3:one", "3:two"])
        await consumer.stop(gracePeriod: 1)
    }
}
