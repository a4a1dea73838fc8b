import Catalog
import Foundation
import TelegramDouble
import TestSupport
import Testing

@testable import TelegramGateway

/// A streamed answer shown as a draft while its result is awaited (`AnswerDraft`): however the
/// draft's send and the end of the answer interleave, the user ends with one message, the
/// draft edited into the answer.
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct DraftTests {
    /// The model's answer.
    static let answer = "Hold the power button for ten seconds, then start the laptop again."
    /// The answer as the user finally sees it.
    static var expected: String { Texts.of(.en).automaticAnswer(answer, nil) }
    /// The draft of the whole answer.
    static var draft: String { Texts.of(.en).automaticAnswer(answer + " …", nil) }

    /// A gateway that shows a draft after 300 ms.
    static func makeWorld() async throws -> GatewayHarness {
        try await GatewayHarness(tune: { $0.answerPacing.draftInterval = .milliseconds(300) })
    }

    /// The sends to `chatID` once the answer is shown, and a second more for any late one.
    static func sends(to chatID: Int64, in world: GatewayHarness) async throws -> [SentMessage] {
        let double = world.double
        _ = await eventually(timeout: .seconds(10)) { double.messages(to: chatID).last?.text == expected }
        try await Task.sleep(for: .seconds(1))
        return double.messages(to: chatID)
    }

    /// One message for the user: the draft sent, then edited into the answer.
    static func expectDraftEditedIntoTheAnswer(chatID: Int64, in world: GatewayHarness) async throws {
        let sent = try await sends(to: chatID, in: world)
        #expect(sent.map(\.method) == ["sendMessage", "editMessageText"])
        #expect(sent.map(\.text) == [draft, expected])
        #expect(sent.last?.messageID == sent.first?.messageID)
        #expect(world.double.visibleMessages(to: chatID).map(\.text) == [expected])
    }

    /// DeskTests' twelve-second model on a loaded machine: the whole text came at once and the
    /// result a draft interval later (ingest-api stores the answer in between). The draft is
    /// shown and then edited: the double records two sends of one message.
    @Test func anAnswerWhoseResultComesLateIsADraftEditedIntoTheAnswer() async throws {
        let world = try await Self.makeWorld()
        defer { Task { await world.stop() } }
        world.ingest.queue(.streamed(Self.answer, resultAfter: .milliseconds(1200)))
        world.double.userWrites("The laptop stays black after the docking update", chatID: 611)
        try await Self.expectDraftEditedIntoTheAnswer(chatID: 611, in: world)
    }

    /// The draft is still on its way to Telegram when the answer completes: finishing waits for
    /// its message id, so the answer edits it instead of coming as a second message.
    @Test func aDraftStillOnItsWayWhenTheAnswerCompletesIsEditedNotSentAgain() async throws {
        let world = try await Self.makeWorld()
        defer { Task { await world.stop() } }
        // The draft leaves at 300 ms and reaches Telegram at 1.5 s; the result comes at 600 ms.
        world.double.delayArrival(by: .milliseconds(1200), chatID: 612)
        world.ingest.queue(.streamed(Self.answer, resultAfter: .milliseconds(600)))
        world.double.userWrites("The laptop stays black after the docking update", chatID: 612)
        try await Self.expectDraftEditedIntoTheAnswer(chatID: 612, in: world)
    }
}
