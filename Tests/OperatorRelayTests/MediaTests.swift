import TestSupport
import Foundation
import TelegramDouble
import Testing

@testable import OperatorRelay

/// Media both ways with copyMessage (no "forwarded from").
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct MediaTests {
    static let chat = RelayHarness.operatorChatID

    @Test func aUsersPhotoIsAnnouncedAndCopiedAndAnOperatorsPhotoReplyIsCopiedBack() async throws {
        let world = try await RelayHarness()
        defer { Task { await world.stop() } }
        let ivy = DoubleUser(id: 741, firstName: "Ivy")
        try await world.userInOperatorMode(741, firstName: "Ivy")
        world.double.userSendsPhoto(chatID: 741, caption: "the error", user: ivy)
        #expect(await eventually { world.operatorMessages.count == 2 })
        let (head, copy) = (world.operatorMessages[0], world.operatorMessages[1])
        #expect(head.text == "Message from user 741 (Ivy):\n[photo]")
        #expect(copy.method == "copyMessage" && copy.fromChatID == 741 && copy.sourceMessageID != nil)
        // A reply to the copy itself answers the user, with a photo.
        world.double.userSendsPhoto(
            chatID: Self.chat, caption: "like this", user: RelayHarness.operatorUser, replyTo: copy.messageID)
        let answer = try #require(await world.double.waitForMessages(to: 741, count: 1).first)
        #expect(answer.method == "copyMessage" && answer.fromChatID == Self.chat)
        #expect(await eventually { world.desk.operatorAnswers(in: "741") == ["[photo] like this"] })
    }
}
