import Foundation
import Logging
import Redis
import Synchronization
import TelegramOutbox
import TestSupport
import Testing

/// A read whose reply never arrived: Redis delivered an entry to the consumer (it is pending
/// under its name) but the consumer never saw it, as when Redis restarts in the middle of an
/// XREADGROUP. The consumer must pick it up after its next failed read, not after the idle
/// limit, and a later entry of its chat already waiting here for its turn must step back
/// behind it, or the chat (its lane) stalls for that long.
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct LostReadTests {
    @Test func anEntryDeliveredButNeverSeenIsHandledAfterTheNextFailedReadNotAfterTheIdleLimit() async throws {
        let redis = RedisClient(url: try RedisURL(testRedisURL ?? "redis://127.0.0.1:1/0"))
        let key = "test:lost-read:\(UUID().uuidString.prefix(8))"
        let stream = DurableStream(redis: redis, key: key, group: "workers")
        try await stream.createGroupIfNeeded()
        // The consumer connects as an ACL user of its own, so its connections alone can be cut.
        let user = "lost-read-\(UUID().uuidString.prefix(8))"
        func createUser() async throws {
            _ = try await redis.send("ACL", "SETUSER", RedisArgument(user), "on", ">secret", "~*", "&*", "+@all")
        }
        try await createUser()
        var consumerURL = try RedisURL(testRedisURL ?? "redis://127.0.0.1:1/0")
        consumerURL.user = user
        consumerURL.password = "secret"
        let consumerStream = DurableStream(redis: RedisClient(url: consumerURL), key: key, group: "workers")
        let handled = Mutex<[String]>([])
        var options = StreamConsumerOptions(consumerName: "a")
        options.readBlockMilliseconds = 100
        options.failurePauseMilliseconds = 1000
        options.claimIdleMilliseconds = 60_000
        let consumer = StreamConsumer(
            stream: consumerStream, options: options, logger: Logger(label: "a", level: .error), key: { _ in 1 },
            handler: { entry in
                handled.withLock { $0.append(String(decoding: entry.payload, as: UTF8.self)) }
                return true
            })
        consumer.start()
        _ = try await stream.append(id: "first", payload: Array("first".utf8), lane: "1")
        #expect(await eventually(timeout: .seconds(5)) { handled.withLock { $0 } == ["first"] })

        // The lost reply: "second" is appended to its lane and delivered to consumer "a" by a
        // read the consumer never sees, in one transaction (so its own blocked read gets nothing).
        let entryID = "\(Int(Date().timeIntervalSince1970 * 1000) + 1000)-0"
        let replies = try await redis.pipeline([
            ["MULTI"],
            ["XADD", RedisArgument(key), RedisArgument(entryID), "id", "second", "body", "second", "lane", "1"],
            ["RPUSH", RedisArgument(key + ":lane:1"), RedisArgument(entryID)],
            ["XREADGROUP", "GROUP", "workers", "a", "COUNT", "10", "STREAMS", RedisArgument(key), ">"],
            ["EXEC"],
        ])
        #expect(replies.compactMap(\.errorMessage).isEmpty)
        // A later entry of the same chat is read and waits for its turn behind the unseen one.
        _ = try await stream.append(id: "third", payload: Array("third".utf8), lane: "1")
        #expect(await eventually(timeout: .seconds(2)) { (try? await stream.pendingCount()) == 2 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(handled.withLock { $0 } == ["first"])
        // Then the consumer's connections are cut and its reads fail for a moment, as they do
        // while Redis restarts (ACL DELUSER closes them; the user is back a second later, so
        // the consumer meets the failure even if the cut found it between two reads and it
        // only comes back once the suite's other tests let it run: when the user was back at
        // once it could reconnect unharmed, and then nothing told it of the lost read).
        _ = try await redis.send("ACL", "DELUSER", RedisArgument(user))
        try await Task.sleep(for: .seconds(1))
        try await createUser()

        // Both go out, in order, within seconds (the idle limit is a minute; the wait for a
        // turn gives up after half of it).
        #expect(
            await eventually(timeout: .seconds(10)) { handled.withLock { $0 } == ["first", "second", "third"] },
            "\(handled.withLock { $0 })")
        await consumer.stop(gracePeriod: 1)
        _ = try? await redis.send("DEL", RedisArgument(key), RedisArgument(key + ":lane:1"))
        _ = try? await redis.send("ACL", "DELUSER", RedisArgument(user))
    }
}
