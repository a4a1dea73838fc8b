import TestSupport
import Foundation
import Testing

@testable import OperatorRelay

/// Escalation alerts to admins (CONTRACT §4) and blocked users.
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct AlertTests {
    @Test func aNewSessionAlertsEachAdminInEscapedHTMLAndNobodyElse() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        try await world.publishNewSession(
            userID: "761", firstName: "<Eve & Co>", message: "Is 2 < 3?", response: "I don't know <b>that</b>")
        for admin in RelayHarness.admins {
            let alert = try #require(await world.double.waitForMessages(to: admin, count: 1).first)
            #expect(
                alert.text == "⚠️ Question needs handling:\n\nFrom: <Eve & Co>\nQuestion: Is 2 < 3?\n\n"
                    + "Current answer: I don't know <b>that</b>"
                    + "\n\nChat: 761. Reply to this message, or write '761: answer'.")
            #expect(alert.parseMode == "HTML" && alert.rawText.contains("&lt;Eve &amp; Co&gt;"))
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(Set(world.double.sentMessages.map(\.chatID)) == Set(RelayHarness.admins))
    }

    @Test func otherEventsAlertNobody() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        try await world.events.publish(type: "ticket_created", data: ["id": "1"])
        try await world.events.publish(type: "broadcast", data: ["message": "hi"])
        try await world.publishNewSession(userID: "762", firstName: "Fay", message: "Help")
        #expect(await world.double.waitForMessages(to: RelayHarness.admins[0], count: 1).count == 1)
        try await Task.sleep(for: .milliseconds(300))
        #expect(world.double.sentMessages.count == RelayHarness.admins.count)
    }

    @Test func aUserWhoBlockedTheBotIsReportedOnce() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        try await world.userInOperatorMode(763, firstName: "Kim")
        world.desk.seed("763", [(.user, "Hi")])
        world.double.inject(.blockedByUser, chatID: 763, times: 5)
        world.double.userWrites("763: first", chatID: RelayHarness.operatorChatID, user: RelayHarness.operatorUser)
        let report = try #require(await world.operatorMessage(containing: "has blocked the bot: nothing reaches them"))
        #expect(report.text == "User 763 (Kim) has blocked the bot: nothing reaches them until they write again.")
        world.double.userWrites("763: second", chatID: RelayHarness.operatorChatID, user: RelayHarness.operatorUser)
        #expect(
            await world.operatorMessage(containing: "the answer is kept in the history but was not delivered") != nil)
        #expect(world.operatorMessages.filter { $0.text.contains("nothing reaches them") }.count == 1)
        #expect(!world.operatorMessages.contains { $0.text.hasPrefix("Not delivered") })
        #expect(await eventually { world.desk.operatorAnswers(in: "763") == ["first", "second"] })
    }
}
