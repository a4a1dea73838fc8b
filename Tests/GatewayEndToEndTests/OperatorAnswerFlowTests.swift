import DeskProtocol
import Foundation
import Redis
import TelegramDouble
import TestSupport
import Testing

extension GatewayEndToEnd {
    /// Operators and admins answering users through the real operator-relay (CONTRACT §4;
    /// issue 14, findings 2 and 4): the gateway, the relay and ingest-api meet in Redis and
    /// PostgreSQL as deployed.
    @Suite struct OperatorAnswerFlowTests {
        /// A world with operator-relay running.
        static var withRelay: EndToEndWorld.Setup {
            var setup = EndToEndWorld.Setup()
            setup.relay = true
            return setup
        }

        static let olga = DoubleUser(id: 5001, firstName: "Olga")

        @Test(arguments: ReceivingMode.allCases)
        func anOperatorAnswersAFreshChatByChatIDAfterStartAndTheOperatorButton(_ mode: ReceivingMode) async throws {
            try await EndToEndWorld.run(mode, setup: Self.withRelay) { world in
                let chat: Int64 = 2301
                let operators = EndToEndWorld.operatorChatID
                let ann = DoubleUser(id: chat, firstName: "Ann")
                world.double.userWrites("/start", chatID: chat, user: ann)
                _ = await world.double.waitForMessages(to: chat, count: 1)
                world.double.userWrites("Connect/disconnect operator", chatID: chat, user: ann)
                #expect(
                    await world.double.waitForMessages(to: chat, count: 2).last?.text
                        == "Operator connected to the dialog")
                #expect(
                    await eventually {
                        world.double.messages(to: operators).contains {
                            $0.text.hasPrefix("Message from user 2301 (Ann)")
                        }
                    })
                // Nothing of the chat is in the history yet: /start and the button store nothing.
                #expect(try await world.admin.messages(of: chat).isEmpty)
                world.double.userWrites("2301: hello", chatID: operators, user: Self.olga)
                #expect(
                    await eventually {
                        world.double.messages(to: chat).contains { $0.text == "Operator reply: hello" }
                    })
                #expect(await eventually { (try? await world.admin.messages(of: chat).map(\.text)) == ["hello"] })
                let stored = try #require(try await world.admin.messages(of: chat).first)
                #expect(stored.sender == "operator" && stored.direction == "out")
                #expect(!world.double.messages(to: operators).contains { $0.text.hasPrefix("Unknown chat") })
            }
        }

        @Test(arguments: ReceivingMode.allCases)
        func anAdminReplyingToAnAlertInTheirChatAnswersTheUserAndAsksIngestNothing(_ mode: ReceivingMode)
            async throws
        {
            try await EndToEndWorld.run(mode, setup: Self.withRelay) { world in
                let chat: Int64 = 2401
                let admin = EndToEndWorld.adminUserIDs[0]
                let question = "The projector in meeting room 4 shows no picture since this morning"
                world.double.userWrites(question, chatID: chat, user: DoubleUser(id: chat, firstName: "Ben"))
                #expect(await world.double.waitForMessages(to: chat, count: 1).first?.text.hasPrefix("📝") == true)
                let alert = try #require(await world.double.waitForMessages(to: admin, count: 1).first)
                #expect(
                    alert.text.hasPrefix(
                        "⚠️ Question needs handling:\n\nFrom: Ben\nQuestion: \(question)\n\nCurrent answer: "))
                #expect(alert.text.hasSuffix("\n\nChat: 2401. Reply to this message, or write '2401: answer'."))
                // The relay has the alert's id (from its receipt) long before a person answers.
                let origin = RedisArgument(DeskRedisNames().messageOrigin(chat: admin, messageID: alert.messageID))
                #expect(
                    await eventually { (try? await world.redis.client.send("EXISTS", origin).integerValue) == 1 })
                let reply = "A technician is on the way"
                world.double.userWrites(
                    reply, chatID: admin, user: DoubleUser(id: admin, firstName: "Ada"), replyTo: alert.messageID)
                #expect(
                    await eventually {
                        world.double.messages(to: chat).contains { $0.text == "Operator reply: \(reply)" }
                    })
                #expect(await eventually { (try? await world.admin.messages(of: chat).first?.text) == reply })
                let stored = try #require(try await world.admin.messages(of: chat).first)
                #expect(stored.sender == "operator" && stored.direction == "out")
                // ingest-api never got the admin's text as a question: no answer, no history.
                try await Task.sleep(for: .milliseconds(500))
                #expect(world.double.messages(to: admin).count == 1)
                #expect(((try? await world.admin.messages(of: admin)) ?? []).isEmpty)
            }
        }
    }
}
