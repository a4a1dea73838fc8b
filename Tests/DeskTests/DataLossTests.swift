import Foundation
import Redis
import TestSupport
import Testing

extension DeskTests {
    /// A Redis that comes back empty (no persistence, as scripts/redis.sh runs it, or a
    /// replacement instance): streams, consumer groups, chat modes are gone. The desk must
    /// go on serving new conversations without a restart of its processes.
    @Suite struct DataLossTests {
        @Test func newConversationsAreServedAfterRedisCameBackEmpty() async throws {
            try await PrivateServer.with([.redis]) { servers in
                var setup = Desk.Setup()
                setup.redisURL = servers[0].url
                try await Desk.run("redis-empty", setup) { desk in
                    desk.double.userWrites("/start", chatID: 7801)
                    try await desk.telegramMessage(to: 7801) { $0.keyboardLabels != nil }

                    try await servers[0].stop()
                    try await servers[0].start()
                    let redis = RedisClient(url: try RedisURL(servers[0].url), poolSize: 1)
                    _ = try await redis.send("FLUSHALL")

                    // Telegram: a new user is greeted, a question answered, a hand-off posted.
                    desk.double.userWrites("/start", chatID: 7802)
                    try await desk.telegramMessage(to: 7802, timeout: .seconds(30)) { $0.keyboardLabels != nil }
                    desk.double.userWrites("How do I reset my password?", chatID: 7802)
                    try await desk.telegramMessage(to: 7802, timeout: .seconds(30)) {
                        $0.text.hasPrefix("🤖 Automatic answer:")
                    }
                    desk.double.userWrites("/operator", chatID: 7803)
                    try await desk.telegramMessage(to: Desk.operatorChatID, timeout: .seconds(30)) {
                        $0.text.hasPrefix("Message from user 7803")
                    }
                    // The web: a visitor's dashboard reply still crosses the hubs.
                    let visitor = try await offPool { Handed(try WebVisitor(.contact, port: desk.hubs[0].port)) }
                    _ = try await offPool {
                        try visitor.value.say("Anyone there?")
                        return try visitor.value.nextAnswer()
                    }
                    let dashboard = try await offPool { Handed(try DashboardSocket(port: desk.hubs[1].port)) }
                    try await offPool { try dashboard.value.reply(to: visitor.value.chatID, "We are") }
                    let reply = try await offPool { try visitor.value.nextAnswer() }
                    #expect(reply.text == "Operator reply: We are")
                }
            }
        }
    }
}
