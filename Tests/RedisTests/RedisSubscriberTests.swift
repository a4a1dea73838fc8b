import Foundation
import Redis
import Testing

/// `RedisSubscriber` against the shared test server.
@Suite(.enabled(if: TestRedis.isConfigured, "needs TEST_REDIS_URL"))
struct RedisSubscriberTests {
    @Test func subscriberReceivesBinaryMessagesWithTheirChannel() async throws {
        let url = try TestRedis.url()
        let client = RedisClient(url: url)
        let subscriber = try RedisSubscriber(url: url)
        defer { subscriber.stop() }
        let inbox = Inbox()
        let prefix = TestRedis.uniquePrefix()
        try await subscriber.subscribe(["\(prefix)a", "\(prefix)b"], handler: inbox.handler)
        let payload: [UInt8] = [0, 0xFF, 0xC3, 0x28, 0]
        #expect(try await client.publish(channel: "\(prefix)b", message: RedisArgument(payload)) == 1)
        #expect(try await client.publish(channel: "\(prefix)a", message: "first") == 1)
        #expect(await inbox.waitFor(Delivery(channel: "\(prefix)a", message: Array("first".utf8))))
        #expect(
            inbox.all == [
                Delivery(channel: "\(prefix)b", message: payload),
                Delivery(channel: "\(prefix)a", message: Array("first".utf8)),
            ])
        #expect(subscriber.isConnected)
    }

    @Test func patternSubscriptionDeliversTheConcreteChannel() async throws {
        let url = try TestRedis.url()
        let client = RedisClient(url: url)
        let subscriber = try RedisSubscriber(url: url)
        defer { subscriber.stop() }
        let inbox = Inbox()
        let prefix = TestRedis.uniquePrefix()
        try await subscriber.psubscribe(["\(prefix)events:*"], handler: inbox.handler)
        #expect(try await client.publish(channel: "\(prefix)events:tickets", message: "42") == 1)
        #expect(await inbox.waitFor(Delivery(channel: "\(prefix)events:tickets", message: Array("42".utf8))))
    }

    @Test func unsubscribedChannelsAndPatternsNoLongerReceive() async throws {
        let url = try TestRedis.url()
        let client = RedisClient(url: url)
        let subscriber = try RedisSubscriber(url: url)
        defer { subscriber.stop() }
        let prefix = TestRedis.uniquePrefix()
        try await subscriber.subscribe(["\(prefix)x"], handler: Inbox().handler)
        try await subscriber.psubscribe(["\(prefix)p*"], handler: Inbox().handler)
        #expect(try await client.publish(channel: "\(prefix)x", message: "1") == 1)
        try await subscriber.unsubscribe(["\(prefix)x"])
        try await subscriber.punsubscribe(["\(prefix)p*"])
        #expect(try await client.publish(channel: "\(prefix)x", message: "2") == 0)
        #expect(try await client.publish(channel: "\(prefix)pq", message: "3") == 0)
    }

    @Test func stopEndsPromptlyIsSafeTwiceAndRefusesLaterSubscriptions() async throws {
        let subscriber = try RedisSubscriber(url: try TestRedis.url())
        try await subscriber.subscribe([TestRedis.uniquePrefix()], handler: Inbox().handler)
        let started = ContinuousClock.now
        subscriber.stop()
        subscriber.stop()
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(!subscriber.isConnected)
        await #expect(throws: RedisError.stopped) {
            try await subscriber.subscribe(["later"], handler: Inbox().handler)
        }
    }

    @Test func droppingTheSubscriberClosesItsConnection() async throws {
        let url = try TestRedis.url()
        let client = RedisClient(url: url)
        let channel = TestRedis.uniquePrefix()
        var subscriber: RedisSubscriber? = try RedisSubscriber(url: url)
        try await subscriber?.subscribe([channel], handler: Inbox().handler)
        #expect(try await client.send("PUBSUB", "NUMSUB", RedisArgument(channel)).arrayValue?.last == .integer(1))
        subscriber = nil
        let isGone = try await waitUntil(timeout: .seconds(5)) {
            try await client.send("PUBSUB", "NUMSUB", RedisArgument(channel)).arrayValue?.last == .integer(0)
        }
        #expect(isGone)
    }
}
