import TestSupport
import Foundation
import TelegramDouble
import Testing

@testable import OperatorRelay

/// /tickets, /close, /bot, /ban and /unban in the operator chat.
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct CommandTests {
    static let chat = RelayHarness.operatorChatID
    static let olga = RelayHarness.operatorUser

    @Test func ticketsListsTheOpenTicketsAndCloseClosesOne() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.desk.addTicket(41, chatID: "731")
        world.desk.addTicket(42, chatID: "732", status: .open)
        world.desk.addTicket(43, chatID: "733", status: .closed)
        world.double.userWrites("/tickets", chatID: Self.chat, user: Self.olga)
        let list = try #require(await world.operatorMessage(containing: "Open tickets:"))
        #expect(
            list.text == "Open tickets:\n#42 [open] VPN · high · IT_Infrastructure · chat 732\n"
                + "#41 [new] VPN · high · IT_Infrastructure · chat 731")
        world.double.userWrites("/close 42", chatID: Self.chat, user: Self.olga)
        #expect(await world.operatorMessage(containing: "Ticket #42 closed.") != nil)
        #expect(world.desk.tickets.withLock { $0[42]?.status } == .closed)
        world.double.userWrites("/close 999", chatID: Self.chat, user: Self.olga)
        #expect(await world.operatorMessage(containing: "No ticket #999.") != nil)
        world.double.userWrites("/close soon", chatID: Self.chat, user: Self.olga)
        #expect(await world.operatorMessage(containing: "Usage: /close {ticket_id}") != nil)
    }

    @Test func ticketsSaysWhenIngestIsDown() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.desk.isDown.withLock { $0 = true }
        world.double.userWrites("/tickets", chatID: Self.chat, user: Self.olga)
        #expect(await world.operatorMessage(containing: "ingest-api is unavailable") != nil)
    }

    @Test func botGivesTheChatBackAndTellsTheUser() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.double.userWrites("/operator", chatID: 734, user: .init(id: 734, firstName: "Gus"))
        _ = await world.operatorMessage(containing: "Message from user 734 (Gus)")
        world.double.userWrites("/bot 734", chatID: Self.chat, user: Self.olga)
        #expect(await world.operatorMessage(containing: "Chat 734 is back with the bot.") != nil)
        #expect(
            await world.double.waitForMessages(to: 734, count: 2).last?.text == "Operator disconnected from the dialog")
        #expect(
            try await world.redis.get("\(world.prefix)chat-mode:734").map { String(decoding: $0, as: UTF8.self) }
                == "bot")
        // Back to operators later: a new hand-off.
        world.double.userWrites("/operator", chatID: 734, user: .init(id: 734, firstName: "Gus"))
        #expect(
            await eventually {
                world.operatorMessages.filter { $0.text.hasPrefix("Message from user 734 (Gus)") }.count == 2
            })
    }

    @Test func banStopsAUsersMessagesAndUnbanLetsThemThrough() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        let hal = DoubleUserSampleCommands.hal
        try await world.userInOperatorMode(735, firstName: "Hal")
        world.double.userWrites("/ban 735", chatID: Self.chat, user: Self.olga)
        #expect(await world.operatorMessage(containing: "User 735 is banned") != nil)
        world.double.userWrites("spam spam", chatID: 735, user: hal)
        #expect(
            await eventually {
                let metrics = (try? await httpGet(port: world.relayPort(), "/metrics").body) ?? ""
                return counter("relay_banned_dropped_total", in: metrics) == 1
            })
        world.double.userWrites("/unban 735", chatID: Self.chat, user: Self.olga)
        #expect(await world.operatorMessage(containing: "User 735 is unbanned") != nil)
        world.double.userWrites("sorry", chatID: 735, user: hal)
        #expect(await world.operatorMessage(containing: "sorry") != nil)
        #expect(!world.operatorMessages.contains { $0.text.contains("spam spam") })
    }
}

/// Users of the command tests.
enum DoubleUserSampleCommands {
    /// A user who gets banned.
    static let hal = DoubleUser(id: 735, firstName: "Hal")
}
