import Catalog
import Foundation
import TelegramDouble
import TelegramGateway
import TestSupport
import Testing

extension GatewayEndToEnd {
    /// A real model takes 5–30 s (issue 14, finding 1). The gateway's 5 s time-out and its
    /// retry (CONTRACT §4, kept at the shipped values here) are for a dead ingest-api, not a
    /// slow model: the user sees "typing…", gets the answer once, and no error text.
    @Suite struct SlowModelTests {
        /// A question no FAQ entry comes near, so the model answers it.
        static let question = "The docking station on the third floor flickers since Tuesday's firmware update"

        @Test
        func aTwelveSecondModelAnswerReachesTheUserOnceWithTypingAndNoErrorText() async throws {
            let model = try ChatModelStandIn()
            defer { Task { await model.stop() } }
            var script = ChatModelStandIn.Script()
            script.firstByteDelay = .seconds(12)
            model.set(script)
            var setup = EndToEndWorld.Setup()
            setup.modelBaseURL = model.baseURL
            try await EndToEndWorld.run(.polling, setup: setup) { world in
                let chat: Int64 = 5101
                let asked = ContinuousClock.now
                world.double.userWrites(Self.question, chatID: chat)
                let expected = Texts.of(.en).automaticAnswer(script.answer, nil)
                // The answer may first show as a draft edited into it (a result that comes more
                // than the draft interval after the text, as on a loaded machine): wait for the
                // answer itself, and count messages as the user sees them.
                let double = world.double
                _ = await eventually(timeout: .seconds(40)) { double.messages(to: chat).last?.text == expected }
                #expect(double.messages(to: chat).last?.text == expected)
                #expect(ContinuousClock.now - asked >= .seconds(12))
                // Late duplicates: the old retry fired 5 s after the 5 s time-out and its
                // error came at once; wait past any such retry before counting.
                try await Task.sleep(for: .seconds(8))
                let sent = world.double.visibleMessages(to: chat)
                #expect(sent.map(\.text) == [expected], "one message, the answer, and nothing else")
                #expect(model.calls == 1, "the model was asked once")
                // "typing…" from soon after the question until the answer, every few seconds.
                let typing = world.double.chatActions.filter { $0.chatID == chat && $0.action == "typing" }
                #expect(typing.count >= 3)
                #expect(typing.first.map { $0.time - asked < .seconds(2) } == true)
                let history = try await world.admin.messages(of: chat)
                #expect(history.map(\.text) == [script.answer, Self.question], "stored once each")
            }
        }

        @Test
        func aStreamedAnswerGrowsInOneMessageByEditsAtMostAboutOnceASecond() async throws {
            let model = try ChatModelStandIn()
            defer { Task { await model.stop() } }
            var script = ChatModelStandIn.Script()
            script.answer =
                "First, unplug the dock for ten seconds. Then update its driver from the portal. "
                + "If it still flickers, swap the cable: the old ones do not carry enough power."
            script.firstByteDelay = .seconds(1)
            script.pieceCount = 10
            script.pieceInterval = .milliseconds(500)
            model.set(script)
            var setup = EndToEndWorld.Setup()
            setup.modelBaseURL = model.baseURL
            // Telegram's own limits on both sides (1 message a second per chat), not the
            // scaled ones: the edits must keep to them.
            setup.doubleLimits = DoubleLimits()
            setup.gatewayLimits = SendLimits()
            try await EndToEndWorld.run(.webhook, setup: setup) { world in
                let chat: Int64 = 5201
                world.double.userWrites(Self.question, chatID: chat)
                let expected = Texts.of(.en).automaticAnswer(script.answer, nil)
                let deadline = ContinuousClock.now + .seconds(30)
                while world.double.messages(to: chat).last?.text != expected && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                try await Task.sleep(for: .seconds(3))
                let sent = world.double.messages(to: chat)
                let created = sent.filter { $0.method == "sendMessage" }
                let edits = sent.filter { $0.method == "editMessageText" }
                #expect(created.count == 1, "one message")
                #expect(edits.count >= 2, "that grows by edits")
                #expect(edits.allSatisfy { $0.messageID == created.first?.messageID })
                #expect(sent.last?.text == expected)
                // Every version is a prefix of the answer so far (plus the "…" of a draft).
                for version in sent.dropLast() {
                    let body = version.text.replacingOccurrences(of: "🤖 Automatic answer:\n", with: "")
                    #expect(body.hasSuffix(" …"))
                    #expect(script.answer.hasPrefix(String(body.dropLast(2))))
                }
                // One version a second at most (Telegram's limit per chat), the final one included.
                for (earlier, later) in zip(sent, sent.dropFirst()) {
                    #expect(later.time - earlier.time >= .seconds(1))
                }
                #expect(world.double.violations.isEmpty)
            }
        }

        @Test
        func aModelThatFailsAfterSecondsGivesTheTicketNoticeNotAnError() async throws {
            let model = try ChatModelStandIn()
            defer { Task { await model.stop() } }
            var script = ChatModelStandIn.Script()
            script.firstByteDelay = .seconds(7)
            script.failStatus = 503
            model.set(script)
            var setup = EndToEndWorld.Setup()
            setup.modelBaseURL = model.baseURL
            try await EndToEndWorld.run(.polling, setup: setup) { world in
                let chat: Int64 = 5301
                world.double.userWrites(Self.question, chatID: chat)
                let sent = await world.double.waitForMessages(to: chat, count: 1, timeout: .seconds(30))
                #expect(sent.first?.text.hasPrefix("📝 Your request is registered!") == true)
                try await Task.sleep(for: .seconds(6))
                #expect(world.double.messages(to: chat).count == 1)
            }
        }

        @Test
        func aModelThatIgnoresStreamingStillAnswers() async throws {
            let model = try ChatModelStandIn()
            defer { Task { await model.stop() } }
            var script = ChatModelStandIn.Script()
            script.firstByteDelay = .seconds(6)
            script.ignoresStream = true
            model.set(script)
            var setup = EndToEndWorld.Setup()
            setup.modelBaseURL = model.baseURL
            try await EndToEndWorld.run(.polling, setup: setup) { world in
                let chat: Int64 = 5401
                world.double.userWrites(Self.question, chatID: chat)
                let sent = await world.double.waitForMessages(to: chat, count: 1, timeout: .seconds(30))
                #expect(sent.map(\.text) == [Texts.of(.en).automaticAnswer(script.answer, nil)])
            }
        }
    }
}
