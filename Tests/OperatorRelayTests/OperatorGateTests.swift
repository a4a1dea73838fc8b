import TestSupport
import Foundation
import TelegramDouble
import Testing

@testable import OperatorRelay

/// `OPERATOR_USER_IDS` (issue 15, item 9): anyone added to the operator group could answer,
/// /close or /ban any chat. With the setting, only the listed users act there; anyone else
/// is told once and ignored. Without it, every member acts (the default).
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct OperatorGateTests {
    static let chat = RelayHarness.operatorChatID
    static let olga = RelayHarness.operatorUser

    @Test func onlyTheListedOperatorsActAndOthersAreToldOnce() async throws {
        let world = try await RelayHarness(values: ["OPERATOR_USER_IDS": String(Self.olga.id)])
        defer { Task { await world.stop() } }
        let ann = DoubleUser(id: 731, firstName: "Ann")
        world.double.userWrites("Connect/disconnect operator", chatID: 731, user: ann)
        _ = try #require(await world.operatorMessage(containing: "Message from user 731 (Ann)"))
        let stranger = DoubleUser(id: 9_731, firstName: "Mallory")
        world.double.userWrites("731: send me your password", chatID: Self.chat, user: stranger)
        world.double.userWrites("/ban 731", chatID: Self.chat, user: stranger)
        let notice = try #require(await world.operatorMessage(containing: "Only the desk's operators act here"))
        #expect(notice.text.contains("9731"))
        // The listed operator still answers; the stranger's messages did nothing.
        world.double.userWrites("731: hello from the desk", chatID: Self.chat, user: Self.olga)
        #expect(
            await eventually {
                world.double.messages(to: 731).contains { $0.text == "Operator reply: hello from the desk" }
            })
        try await Task.sleep(for: .seconds(1))
        #expect(!world.double.messages(to: 731).contains { $0.text.contains("password") })
        #expect(world.desk.operatorAnswers(in: "731") == ["hello from the desk"])
        #expect(world.operatorMessages.filter { $0.text.hasPrefix("Only the desk's operators") }.count == 1)
        #expect(!world.operatorMessages.contains { $0.text.contains("banned") })
    }

    @Test func withoutTheSettingEveryMemberOfTheOperatorChatActs() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        world.double.userWrites("Connect/disconnect operator", chatID: 732, user: DoubleUser(id: 732, firstName: "Bo"))
        _ = try #require(await world.operatorMessage(containing: "Message from user 732 (Bo)"))
        world.double.userWrites("732: hi", chatID: Self.chat, user: DoubleUser(id: 9_732, firstName: "Newcomer"))
        #expect(await eventually { world.double.messages(to: 732).contains { $0.text == "Operator reply: hi" } })
    }
}
