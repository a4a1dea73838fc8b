import Foundation
import Logging
import Redis
import Synchronization
import TelegramOutbox
import TestSupport
import Testing

/// Order per chat across instances: entries appended with a lane (a chat) are handled in
/// stream order even when two consumers (two gateway or relay instances) share the stream.
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct LaneOrderTests {
    @Test func twoInstancesHandleEachChatsEntriesInTheOrderTheyWereWritten() async throws {
        let redis = RedisClient(url: try RedisURL(testRedisURL ?? "redis://127.0.0.1:1/0"))
        let stream = DurableStream(redis: redis, key: "test:lanes:\(UUID().uuidString.prefix(8))", group: "workers")
        try await stream.createGroupIfNeeded()
        let handled = Mutex<[(consumer: String, chat: String, n: Int)]>([])
        func consumer(_ name: String) -> StreamConsumer {
            var options = StreamConsumerOptions(consumerName: name)
            options.readBlockMilliseconds = 50
            return StreamConsumer(
                stream: stream, options: options, logger: Logger(label: name, level: .error),
                key: { Int64(String(decoding: $0.payload, as: UTF8.self).split(separator: ":").first ?? "") },
                handler: { entry in
                    let parts = String(decoding: entry.payload, as: UTF8.self).split(separator: ":")
                    // Uneven handling times: without lanes, the two instances overtake each other.
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 0...15)))
                    handled.withLock { $0.append((name, String(parts[0]), Int(parts[1]) ?? -1)) }
                    return true
                })
        }
        let first = consumer("a")
        let second = consumer("b")
        first.start()
        second.start()
        let chats = ["1", "2", "3"]
        for n in 0..<60 {
            let chat = chats[n % chats.count]
            _ = try await stream.append(id: "item-\(n)", payload: Array("\(chat):\(n)".utf8), lane: chat)
            if n % 7 == 0 { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(await eventually(timeout: .seconds(20)) { handled.withLock { $0.count } == 60 })
        let record = handled.withLock { $0 }
        for chat in chats {
            let order = record.filter { $0.chat == chat }.map(\.n)
            #expect(order == order.sorted(), "chat \(chat): \(order)")
        }
        // Both instances took part.
        #expect(Set(record.map(\.consumer)) == ["a", "b"])
        #expect(try await redis.send("EXISTS", RedisArgument(stream.key + ":lane:1")).integerValue == 0)
        await first.stop(gracePeriod: 1)
        await second.stop(gracePeriod: 1)
    }
}
