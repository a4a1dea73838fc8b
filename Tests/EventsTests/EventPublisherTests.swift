import DeskProtocol
import Events
import Foundation
import Redis
import Synchronization
import Testing

private let redisURL = ProcessInfo.processInfo.environment["TEST_REDIS_URL"]

@Suite(.enabled(if: redisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct EventPublisherTests {
    let redis: RedisClient
    let keys = EventKeys(channel: "test:events:\(UUID().uuidString)")

    init() throws {
        redis = RedisClient(url: try RedisURL(redisURL ?? "redis://127.0.0.1:1/0"))
    }

    @Test func eventsAreNumberedKeptAndPublishedInTheContractShape() async throws {
        let received = Mutex<[String]>([])
        let subscriber = try RedisSubscriber(url: redis.url)
        defer { subscriber.stop() }
        try await subscriber.subscribe([keys.channel]) { _, message in
            received.withLock { $0.append(String(decoding: message, as: UTF8.self)) }
        }
        let publisher = EventPublisher(redis: redis, keys: keys)
        let first = try await publisher.publish(type: "mode_changed", dataJSON: "{\"chat_id\":\"1\",\"mode\":\"operator\"}")
        let second = try await publisher.publish(type: "broadcast", data: ["message": "a \"quoted\" text"])
        #expect(second == first + 1)
        let deadline = Date().addingTimeInterval(3)
        while received.withLock({ $0.count }) < 2 && Date() < deadline { try await Task.sleep(nanoseconds: 10_000_000) }
        let events = try received.withLock { $0 }.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(events.count == 2)
        #expect(events.first?["type"] as? String == "mode_changed")
        #expect(events.first?["id"] as? String == String(first))
        #expect((events.first?["data"] as? [String: String]) == ["chat_id": "1", "mode": "operator"])
        let timestamp = try #require(events.first?["timestamp"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/) != nil)
        #expect((events.last?["data"] as? [String: String]) == ["message": "a \"quoted\" text"])
    }

    @Test func replayReturnsWhatCameAfterAnIdAndSaysWhenEventsWereDropped() async throws {
        let publisher = EventPublisher(redis: redis, keys: keys, retainedCount: 5)
        // Trimming is approximate (whole stream nodes of ~100 entries): publish well past it.
        for index in 1...300 { try await publisher.publish(type: "broadcast", dataJSON: "{\"n\":\(index)}") }
        let log = EventLog(redis: redis, keys: keys)
        #expect(try await log.newestID() == 300)
        let recent = try await log.events(after: 297)
        #expect(recent.entries.map(\.id) == [298, 299, 300])
        #expect(recent.isComplete)
        #expect(recent.entries.last?.json.contains("\"n\":300") == true)
        // Only the last few hundred at most are kept: a client that saw event 2 has a gap.
        let old = try await log.events(after: 2)
        #expect(!old.isComplete)
        let upToDate = try await log.events(after: 300)
        #expect(upToDate.entries.isEmpty && upToDate.isComplete)
        // An id from before a reset of the store cannot be trusted either.
        #expect(!(try await log.events(after: 999)).isComplete)
    }

    @Test func concurrentPublishersGetDistinctConsecutiveIds() async throws {
        let publisher = EventPublisher(redis: redis, keys: keys)
        let ids = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 { group.addTask { try await publisher.publish(type: "broadcast", dataJSON: "{}") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(ids.sorted() == Array(1...50))
        let kept = try await EventLog(redis: redis, keys: keys).events(after: 0)
        #expect(kept.entries.map(\.id) == Array(1...50))
    }

    @Test func aLostCounterIsMovedPastTheNewestKeptEvent() async throws {
        let publisher = EventPublisher(redis: redis, keys: keys)
        for _ in 0..<3 { try await publisher.publish(type: "broadcast", dataJSON: "{}") }
        _ = try await redis.send("DEL", RedisArgument(keys.sequence))
        #expect(try await publisher.publish(type: "broadcast", dataJSON: "{}") == 4)
    }

    @Test func aBatchIsNumberedConsecutivelyInOrderAmongConcurrentPublishers() async throws {
        let publisher = EventPublisher(redis: redis, keys: keys)
        let batches = try await withThrowingTaskGroup(of: [Int].self) { group in
            for batch in 0..<20 {
                group.addTask {
                    try await publisher.publish(
                        (0..<3).map { EventPublisher.Pending(type: "broadcast", dataJSON: "{\"batch\":\(batch),\"n\":\($0)}") })
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // Each batch got three consecutive ids; together they are 1...60 without a gap.
        for ids in batches { #expect(ids == [ids[0], ids[0] + 1, ids[0] + 2]) }
        #expect(batches.flatMap { $0 }.sorted() == Array(1...60))
        // The log keeps each batch's events in the order given.
        let kept = try await EventLog(redis: redis, keys: keys).events(after: 0)
        #expect(kept.entries.map(\.id) == Array(1...60))
        for ids in batches {
            let texts = kept.entries.filter { ids.contains($0.id) }.map(\.json)
            #expect(texts.enumerated().allSatisfy { $1.contains("\"n\":\($0)}") })
        }
        #expect(try await publisher.publish([]) == [])
    }

    @Test func aBatchAfterALostCounterStartsPastTheNewestKeptEvent() async throws {
        let publisher = EventPublisher(redis: redis, keys: keys)
        for _ in 0..<3 { try await publisher.publish(type: "broadcast", dataJSON: "{}") }
        _ = try await redis.send("DEL", RedisArgument(keys.sequence))
        let pending = EventPublisher.Pending(type: "broadcast", dataJSON: "{}")
        #expect(try await publisher.publish([pending, pending]) == [4, 5])
        #expect(try await publisher.publish(type: "broadcast", dataJSON: "{}") == 6)
    }
}
