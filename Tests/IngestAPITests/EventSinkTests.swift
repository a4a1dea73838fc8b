import Events
import Foundation
import Logging
import Redis
import Synchronization
import Testing

@testable import IngestAPI

/// `EventSink`: events are published in hand-over order with consecutive ids, batched, and
/// `flush` waits for all of them; a full backlog drops rather than grows.
@Suite(.enabled(if: TestEnvironment.isAvailable))
struct EventSinkTests {
    let redis: RedisClient
    let keys = EventKeys(channel: "test:sink:\(UUID().uuidString)")

    init() throws {
        redis = RedisClient(url: try RedisURL(TestEnvironment.redisURL ?? "redis://127.0.0.1:1/0"))
    }

    private func sink(capacity: Int = 50_000) -> EventSink {
        EventSink(
            publisher: EventPublisher(redis: redis, keys: keys), logger: Logger(label: "sink", level: .error),
            capacity: capacity, batchLimit: 7)
    }

    @Test func eventsArePublishedInHandOverOrderAndFlushWaitsForThem() async throws {
        let sink = sink()
        // Handed over from one task, so the order is defined: 300 events in 100 sends.
        for send in 0..<100 {
            sink.send((0..<3).map { EventPublisher.Pending(type: "broadcast", dataJSON: "{\"n\":\(send * 3 + $0)}") })
        }
        await sink.flush()
        let kept = try await EventLog(redis: redis, keys: keys).events(after: 0)
        #expect(kept.entries.map(\.id) == Array(1...300))
        for (index, entry) in kept.entries.enumerated() { #expect(entry.json.contains("\"n\":\(index)}")) }
    }

    @Test func concurrentSendsKeepEachSendTogetherAndLoseNothing() async throws {
        let sink = sink()
        await withTaskGroup(of: Void.self) { group in
            for send in 0..<50 {
                group.addTask {
                    sink.send((0..<4).map { EventPublisher.Pending(type: "broadcast", dataJSON: "{\"s\":\(send),\"i\":\($0)}") })
                }
            }
        }
        await sink.flush()
        let kept = try await EventLog(redis: redis, keys: keys).events(after: 0)
        #expect(kept.entries.count == 200)
        // Each send's four events are consecutive and in order.
        for start in stride(from: 0, to: 200, by: 4) {
            let group = kept.entries[start..<start + 4].map(\.json)
            let send = try #require(group.first?.firstMatch(of: /"s":(\d+)/)?.1)
            #expect(group.enumerated().allSatisfy { $1.contains("\"s\":\(send),\"i\":\($0)}") })
        }
    }

    @Test func aFullBacklogDropsNewEventsInsteadOfGrowing() async throws {
        // Nothing listens on port 1: every publish fails, so the backlog cannot drain faster
        // than it fills while we hand over in one go.
        let unreachable = RedisClient(url: try RedisURL("redis://127.0.0.1:1/0"))
        let sink = EventSink(
            publisher: EventPublisher(redis: unreachable, keys: keys), logger: Logger(label: "sink", level: .error),
            capacity: 10, batchLimit: 5)
        for _ in 0..<100 { sink.send([EventPublisher.Pending(type: "broadcast", dataJSON: "{}")]) }
        #expect(sink.backlog <= 10)
        #expect(sink.droppedCount >= 80)
        await sink.flush()
        // Given up, not kept: the backlog is empty and the sink takes events again.
        #expect(sink.backlog == 0)
        let droppedBefore = sink.droppedCount
        sink.send([EventPublisher.Pending(type: "broadcast", dataJSON: "{}")])
        await sink.flush()
        #expect(sink.droppedCount == droppedBefore)
    }
}
