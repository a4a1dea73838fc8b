import Foundation
import Redis
import TelegramBotAPI
import TelegramOutbox
import TestSupport
import Testing

@testable import TelegramGateway

/// Polling and webhook: offsets confirmed only after durable storage, duplicates handled
/// once, restarts resume, the webhook's secret is checked (CONTRACT §4).
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct ReceivingTests {
    @Test func pollingConfirmsAnOffsetOnlyAfterTheUpdateIsStored() async throws {
        let world = try await GatewayHarness(startGateway: false)
        defer { Task { await world.stop() } }
        // A string where the inbox stream should be: storing fails until it is removed.
        try await world.redis.set(RedisArgument(world.options.keys.telegramUpdates), to: "in the way")
        let update = world.double.userWrites("hello", chatID: 701)
        try await world.start()
        #expect(await eventually { world.double.pollOffsets.count >= 3 })
        #expect(world.double.pollOffsets.allSatisfy { ($0 ?? 0) <= update })
        #expect(world.double.pendingUpdateCount == 1)
        #expect(world.double.messages(to: 701).isEmpty)
        try await world.redis.delete(RedisArgument(world.options.keys.telegramUpdates))
        let sent = await world.double.waitForMessages(to: 701, count: 1)
        #expect(sent.count == 1)
        #expect(await eventually { world.double.pollOffsets.contains(update + 1) })
    }

    @Test func anUpdateDeliveredTwiceIsHandledOnce() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        let update = world.double.userWrites("once, please", chatID: 702)
        _ = await world.double.waitForMessages(to: 702, count: 1)
        world.double.deliverAgain(update)
        #expect(
            await eventually { world.double.pendingUpdateCount == 0 && world.double.pollOffsets.last == update + 1 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(world.double.messages(to: 702).count == 1)
        #expect(world.ingest.ingested.withLock { $0.count } == 1)
    }

    @Test func aRestartedGatewayResumesWhereTheLastOneStopped() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.double.userWrites("before the restart", chatID: 703)
        _ = await world.double.waitForMessages(to: 703, count: 1)
        await world.stopGateway()
        world.double.userWrites("while it was down", chatID: 703)
        try await Task.sleep(for: .milliseconds(200))
        try await world.start()
        let sent = await world.double.waitForMessages(to: 703, count: 2)
        try await Task.sleep(for: .milliseconds(300))
        #expect(sent.count == 2 && world.double.messages(to: 703).count == 2)
        #expect(world.ingest.ingested.withLock { $0.map(\.text) } == ["before the restart", "while it was down"])
    }

    @Test func anUpdateLeftByADeadInstanceIsTakenOver() async throws {
        let world = try await GatewayHarness(startGateway: false)
        defer { Task { await world.stop() } }
        let inbox = UpdateInbox(redis: world.redis, keys: world.options.keys)
        try await inbox.stream.createGroupIfNeeded()
        let message = Message(
            messageID: 1, from: User(id: 704, firstName: "Eve"), chat: Chat(id: 704, type: .private), text: "lost?")
        try await inbox.append(Update(updateID: 99_704, message: message))
        // Another instance took it and died before handling it.
        #expect(try await inbox.stream.readNew(consumer: "dead-instance", count: 10, blockMilliseconds: 10).count == 1)
        try await world.start()
        let sent = await world.double.waitForMessages(to: 704, count: 1)
        #expect(sent.first?.text.hasPrefix("🤖 Automatic answer:") == true)
        #expect(await eventually { (try? await inbox.stream.pendingCount()) == 0 })
    }

    @Test func webhookModeRegistersTheWebhookAndHandlesDeliveredUpdates() async throws {
        let world = try await GatewayHarness(mode: "webhook")
        defer { Task { await world.stop() } }
        #expect(await eventually { world.double.webhook != nil })
        let hook = try #require(world.double.webhook)
        #expect(hook.url == "http://127.0.0.1:\(world.port)/telegram/webhook")
        #expect(hook.secretToken == "s3cret-token")
        #expect(hook.allowedUpdates == ["message", "edited_message", "callback_query"])
        world.double.userWrites("via webhook", chatID: 705)
        let sent = await world.double.waitForMessages(to: 705, count: 1)
        #expect(sent.first?.text.hasPrefix("🤖 Automatic answer:") == true)
        #expect(world.double.pollOffsets.isEmpty)
    }

    @Test func aWebhookCallWithoutTheRightSecretGets401AndIsNotHandled() async throws {
        let world = try await GatewayHarness(mode: "webhook")
        defer { Task { await world.stop() } }
        let port = UInt16(world.port)
        let body =
            #"{"update_id":5,"message":{"message_id":1,"chat":{"id":706,"type":"private"},"date":0,"text":"hi"}}"#
        let statuses = try await offPool { () -> [Int] in
            let client = try TestHTTPClient(port: port)
            let wrong = try client.request(
                "POST", "/telegram/webhook", headers: [("X-Telegram-Bot-Api-Secret-Token", "guess")], body: body)
            let missing = try client.request("POST", "/telegram/webhook", body: body)
            return [wrong.status, missing.status]
        }
        #expect(statuses == [401, 401])
        try await Task.sleep(for: .milliseconds(300))
        #expect(world.double.messages(to: 706).isEmpty)
        #expect(try await world.redis.send("XLEN", RedisArgument(world.options.keys.telegramUpdates)).integerValue ?? 0 == 0)
        let right = try await offPool {
            try TestHTTPClient(port: port).request(
                "POST", "/telegram/webhook", headers: [("X-Telegram-Bot-Api-Secret-Token", "s3cret-token")], body: body
            ).status
        }
        #expect(right == 200)
        #expect(await world.double.waitForMessages(to: 706, count: 1).count == 1)
    }

    @Test func goingBackToPollingDeletesTheWebhook() async throws {
        let world = try await GatewayHarness(mode: "webhook")
        defer { Task { await world.stop() } }
        #expect(await eventually { world.double.webhook != nil })
        await world.stopGateway()
        try await world.start(changing: ["TELEGRAM_MODE": "polling"])
        #expect(await eventually { world.double.webhook == nil && world.double.webhookCalls.delete >= 1 })
        world.double.userWrites("polling again", chatID: 707)
        #expect(await world.double.waitForMessages(to: 707, count: 1).count == 1)
    }
}
