import DeskProtocol
import Events
import Foundation
import Redis
import Testing

private let redisURL = ProcessInfo.processInfo.environment["TEST_REDIS_URL"]

/// The blocking tail of the event log that operator-relay follows.
@Suite(.enabled(if: redisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct EventLogTailTests {
    let redis: RedisClient
    let keys = EventKeys(channel: "test:events:\(UUID().uuidString)")

    init() throws {
        redis = RedisClient(url: try RedisURL(redisURL ?? "redis://127.0.0.1:1/0"))
    }

    @Test func theTailReturnsTheEventsAfterAnIDInOrder() async throws {
        let publisher = EventPublisher(redis: redis, keys: keys)
        let log = EventLog(redis: redis, keys: keys)
        let first = try await publisher.publish(type: "broadcast", data: ["message": "1"])
        let second = try await publisher.publish(type: "broadcast", data: ["message": "2"])
        let third = try await publisher.publish(type: "broadcast", data: ["message": "3"])
        let entries = try await log.waitForEvents(after: first, blockMilliseconds: 100)
        #expect(entries.map(\.id) == [second, third])
        #expect(entries.first?.json.contains("\"message\":\"2\"") == true)
        #expect(try await log.waitForEvents(after: first, count: 1, blockMilliseconds: 100).map(\.id) == [second])
    }

    @Test func theTailWaitsForTheNextEvent() async throws {
        let publisher = EventPublisher(redis: redis, keys: keys)
        let log = EventLog(redis: redis, keys: keys)
        let newest = try await publisher.publish(type: "broadcast", data: ["message": "old"])
        #expect(try await log.waitForEvents(after: newest, blockMilliseconds: 50).isEmpty)
        let waiting = Task { try await log.waitForEvents(after: newest, blockMilliseconds: 2000) }
        try await Task.sleep(for: .milliseconds(200))
        let next = try await publisher.publish(type: "broadcast", data: ["message": "new"])
        #expect(try await waiting.value.map(\.id) == [next])
    }
}
