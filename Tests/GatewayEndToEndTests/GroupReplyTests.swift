import Foundation
import TelegramDouble
import TestSupport
import Testing

extension GatewayEndToEnd {
    /// An operator chat that is a plain supergroup (no topics): Telegram gives a first-level
    /// reply a `message_thread_id` equal to the replied message's id, without
    /// `is_topic_message`. Taken for a topic, the reply was read as "not a reply" and the
    /// operator got "Invalid format".
    @Suite struct GroupReplyTests {
        @Test
        func anOperatorReplyInAGroupWithoutTopicsReachesTheUser() async throws {
            var setup = EndToEndWorld.Setup()
            setup.relay = true
            try await EndToEndWorld.run(.polling, setup: setup) { world in
                let chat: Int64 = 2601
                let operators = EndToEndWorld.operatorChatID
                let bob = DoubleUser(id: chat, firstName: "Bob")
                world.double.userWrites("Connect/disconnect operator", chatID: chat, user: bob)
                _ = await world.double.waitForMessages(to: chat, count: 1)
                world.double.userWrites("my printer is on fire", chatID: chat, user: bob)
                var forwarded: SentMessage?
                #expect(
                    await eventually {
                        forwarded = world.double.messages(to: operators).last {
                            $0.text.contains("my printer is on fire")
                        }
                        return forwarded != nil
                    })
                let replied = try #require(forwarded)
                world.double.userWrites(
                    "unplug it", chatID: operators, user: DoubleUser(id: 5002, firstName: "Oleg"),
                    replyTo: replied.messageID)
                #expect(
                    await eventually {
                        world.double.messages(to: chat).contains { $0.text == "Operator reply: unplug it" }
                    })
                #expect(!world.double.messages(to: operators).contains { $0.text.hasPrefix("Invalid format") })
            }
        }
    }
}
