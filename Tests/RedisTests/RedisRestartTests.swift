import Foundation
import Redis
import Testing

/// Behaviour across `redis-server` restarts and authentication. Each test runs its own
/// server (scripts/redis.sh on a free port in a temporary folder), so restarting it never
/// disturbs other tests; the suite is serialized to keep the machine's load down.
@Suite(.serialized, .enabled(if: TestRedis.isConfigured, "needs TEST_REDIS_URL"))
struct RedisRestartTests {
    @Test func clientsNextCallWorksAfterRedisRestarts() async throws {
        let server = try PrivateRedisServer()
        let client = RedisClient(url: server.url, poolSize: 4)
        let prefix = TestRedis.uniquePrefix()
        // Open all four connections so every one of them goes stale at the restart.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask { _ = try await client.send("BLPOP", "\(prefix)warm-\(index)", "0.2") }
            }
            try await group.waitForAll()
        }
        try server.restart()
        #expect(try await client.set("\(prefix)after", to: "restart"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let value = try await client.get("\(prefix)after")
                    #expect(value == Array("restart".utf8))
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func subscriberReceivesAgainAfterRedisRestarts() async throws {
        let server = try PrivateRedisServer()
        let reconnects = EventCounter()
        let subscriber = try RedisSubscriber(url: server.url) { reconnects.record() }
        defer { subscriber.stop() }
        let client = RedisClient(url: server.url)
        let inbox = Inbox()
        let channel = TestRedis.uniquePrefix() + "events"
        try await subscriber.subscribe([channel], handler: inbox.handler)
        try await subscriber.psubscribe([channel + ":*"], handler: inbox.handler)
        #expect(try await client.publish(channel: channel, message: "before") == 1)
        #expect(await inbox.waitFor(Delivery(channel: channel, message: Array("before".utf8))))

        try server.restart()
        #expect(await waitUntil(timeout: .seconds(10)) { reconnects.value == 1 })
        #expect(subscriber.isConnected)
        #expect(try await client.publish(channel: channel, message: "after") == 1)
        #expect(try await client.publish(channel: channel + ":x", message: "pattern") == 1)
        #expect(await inbox.waitFor(Delivery(channel: channel, message: Array("after".utf8))))
        #expect(await inbox.waitFor(Delivery(channel: channel + ":x", message: Array("pattern".utf8))))
    }

    @Test func subscribeWaitsWhileRedisIsDownAndCompletesOnceItIsBack() async throws {
        let server = try PrivateRedisServer()
        server.stop()
        let subscriber = try RedisSubscriber(url: server.url)
        defer { subscriber.stop() }
        let inbox = Inbox()
        let channel = TestRedis.uniquePrefix()
        let subscribed = Task { try await subscriber.subscribe([channel], handler: inbox.handler) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(!subscriber.isConnected)
        try server.restart()
        try await subscribed.value
        #expect(try await RedisClient(url: server.url).publish(channel: channel, message: "up") == 1)
        #expect(await inbox.waitFor(Delivery(channel: channel, message: Array("up".utf8))))
    }

    @Test func authenticatesWithTheCredentialsOfTheURL() async throws {
        let server = try PrivateRedisServer()
        let admin = try RedisConnection(url: server.url)
        _ = try admin.command("ACL", "SETUSER", "alice", "on", ">wonder land", "~*", "&*", "+@all")
        _ = try admin.command("CONFIG", "SET", "requirepass", "default-secret")

        let alice = try RedisConnection(url: RedisURL("redis://alice:wonder%20land@127.0.0.1:\(server.port)/2"))
        #expect(try alice.command("ACL", "WHOAMI") == .string(Array("alice".utf8)))
        #expect(try alice.command("CLIENT", "INFO").text?.contains(" db=2 ") == true)
        let byDefault = try RedisConnection(url: RedisURL("redis://:default-secret@127.0.0.1:\(server.port)"))
        #expect(try byDefault.command("ACL", "WHOAMI") == .string(Array("default".utf8)))

        #expect {
            _ = try RedisConnection(url: RedisURL("redis://alice:wrong@127.0.0.1:\(server.port)"))
        } throws: { error in
            guard case RedisError.connectionFailed(let message) = error else { return false }
            return message.contains("AUTH failed") && message.contains("WRONGPASS")
        }
        #expect {
            _ = try RedisConnection(url: server.url).command("PING")
        } throws: { error in
            "\(error)".contains("NOAUTH") || "\(error)".contains("Authentication required")
        }
        let client = RedisClient(url: try RedisURL("redis://alice:wonder%20land@127.0.0.1:\(server.port)"))
        try await client.ping()
    }
}
