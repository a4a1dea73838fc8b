import DeskProtocol
import Events
import Foundation
import Redis
import Testing

private let redisURL = ProcessInfo.processInfo.environment["TEST_REDIS_URL"]

/// `EventPublisher.publishOutbox`: rows of ingest-api's PostgreSQL outbox get the desk's
/// ids and log, once each, however often a drainer sends them.
@Suite(.enabled(if: redisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct OutboxPublishingTests {
    let redis: RedisClient
    let keys = EventKeys(channel: "test:outbox:\(UUID().uuidString)")

    init() throws {
        redis = RedisClient(url: try RedisURL(redisURL ?? "redis://127.0.0.1:1/0"))
    }

    private func rows(_ ids: ClosedRange<Int64>) -> [EventPublisher.OutboxEvent] {
        ids.map {
            EventPublisher.OutboxEvent(
                outboxID: $0, event: EventPublisher.Pending(type: "broadcast", dataJSON: "{\"row\":\($0)}"),
                timestamp: "2026-01-02 03:04:05")
        }
    }

    @Test func rowsPublishedAgainAfterACrashBeforeTheyWereMarkedAreNotPublishedTwice() async throws {
        let publisher = EventPublisher(redis: redis, keys: keys)
        // Another publisher's event first: outbox rows share the desk's numbering.
        let before = try await publisher.publish(type: "broadcast", dataJSON: "{}")
        let first = try await publisher.publishOutbox(rows(1...3))
        #expect(first.ids == [before + 1, before + 2, before + 3])
        #expect(first.through == 3)
        // The drainer died before marking 1...3; its successor sends 1...5.
        let again = try await publisher.publishOutbox(rows(1...5))
        #expect(again.ids == [before + 4, before + 5])
        #expect(again.through == 5)
        let log = try await EventLog(redis: redis, keys: keys).events(after: before)
        #expect(log.entries.map(\.id) == Array(before + 1...before + 5))
        let published = log.entries.compactMap { entry -> Int? in
            let object = try? JSONSerialization.jsonObject(with: Data(entry.json.utf8)) as? [String: Any]
            return (object?["data"] as? [String: Int])?["row"]
        }
        #expect(published == [1, 2, 3, 4, 5])
        #expect(
            log.entries.first?.json.contains("\"id\":\"\(before + 1)\",\"timestamp\":\"2026-01-02 03:04:05\"") == true)
        // Nothing new: nothing happens, and the through value says how far Redis has it.
        let nothing = try await publisher.publishOutbox(rows(2...4))
        #expect(nothing.ids.isEmpty && nothing.through == 5)
        #expect(try await EventLog(redis: redis, keys: keys).newestID() == before + 5)
    }
}
