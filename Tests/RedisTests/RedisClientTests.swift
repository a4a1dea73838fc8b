import Foundation
import Redis
import Synchronization
import Testing

/// `RedisClient`, the pooled async API, against the shared test server.
@Suite(.enabled(if: TestRedis.isConfigured, "needs TEST_REDIS_URL"))
struct RedisClientTests {
    @Test func manyConcurrentCallsShareAtMostPoolSizeConnections() async throws {
        let client = RedisClient(url: try TestRedis.url(), poolSize: 4)
        let counter = RedisArgument(TestRedis.uniquePrefix() + "counter")
        let clientIDs = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    let replies = try await client.pipeline([["INCR", counter], ["CLIENT", "ID"]])
                    return replies[1].integerValue ?? -1
                }
            }
            var ids = Set<Int>()
            for try await id in group { ids.insert(id) }
            return ids
        }
        #expect(try await client.get(counter) == Array("200".utf8))
        #expect(clientIDs.count >= 1 && clientIDs.count <= 4)
        #expect(!clientIDs.contains(-1))
        try await client.delete(counter)
    }

    @Test func typedHelpersCoverGetSetDeleteIncrementPublishAndPing() async throws {
        let client = RedisClient(url: try TestRedis.url())
        let prefix = TestRedis.uniquePrefix()
        try await client.ping()
        #expect(try await client.get("\(prefix)missing") == nil)
        #expect(try await client.set("\(prefix)a", to: RedisArgument([0, 1, 2])))
        #expect(try await client.get("\(prefix)a") == [0, 1, 2])
        #expect(try await client.set("\(prefix)a", to: "other", onlyIfAbsent: true) == false)
        #expect(try await client.set("\(prefix)b", to: "fresh", ex: 100, onlyIfAbsent: true))
        let ttl = try await client.send("TTL", "\(prefix)b").integerValue ?? 0
        #expect(ttl > 90 && ttl <= 100)
        #expect(try await client.increment("\(prefix)n") == 1)
        #expect(try await client.increment("\(prefix)n") == 2)
        #expect(try await client.publish(channel: "\(prefix)nobody-listens", message: "hello") == 0)
        #expect(try await client.delete("\(prefix)a", "\(prefix)b", "\(prefix)n", "\(prefix)missing") == 3)
    }

    @Test func serverErrorsReachTheCallerAndHelpersRefuseWrongReplyKinds() async throws {
        let client = RedisClient(url: try TestRedis.url())
        let key = RedisArgument(TestRedis.uniquePrefix() + "list")
        _ = try await client.send("RPUSH", key, "x")
        await #expect {
            _ = try await client.get(key)
        } throws: { error in
            (error as? RedisError).map { "\($0)".contains("WRONGTYPE") } ?? false
        }
        try await client.delete(key)
    }

    @Test func aCallerWaitingForABusyPoolCanBeCancelled() async throws {
        let client = RedisClient(url: try TestRedis.url(), poolSize: 1)
        let key = RedisArgument(TestRedis.uniquePrefix() + "never")
        // Occupies the only connection for about a second.
        let holder = Task { try await client.send("BLPOP", key, 1) }
        try await Task.sleep(for: .milliseconds(200))
        let waiter = Task { try await client.send("PING") }
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        waiter.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiter.value }
        #expect(ContinuousClock.now - started < .milliseconds(500))
        #expect(try await holder.value == .null)
        try await client.ping()
    }

    @Test func aServerThatIsDownFailsEachCallWithinTheTimeOut() async throws {
        let port = try TestRedis.freePort()
        let client = RedisClient(url: RedisURL(port: port))
        for _ in 0..<3 {
            let started = ContinuousClock.now
            await #expect {
                try await client.ping()
            } throws: { error in
                guard case RedisError.connectionFailed(let message) = error else { return false }
                return message.contains("127.0.0.1:\(port)")
            }
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test func withConnectionRunsASequenceOnOneConnection() async throws {
        let client = RedisClient(url: try TestRedis.url())
        let key = RedisArgument(TestRedis.uniquePrefix() + "watched")
        let result = try await client.withConnection { connection in
            _ = try connection.command("WATCH", key)
            let current = try connection.command("GET", key)
            let replies = try connection.pipeline([["MULTI"], ["SET", key, "1"], ["EXEC"]])
            return (current, replies.last ?? .null)
        }
        #expect(result.0 == .null)
        #expect(result.1 == .array([.status("OK")]))
        try await client.delete(key)
    }
}
