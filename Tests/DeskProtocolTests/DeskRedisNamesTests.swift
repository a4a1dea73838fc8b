import DeskProtocol
import Testing

/// The Redis names the processes share: the production names (the README's table, what a
/// deployed desk already holds) and their roots.
struct DeskRedisNamesTests {
    @Test func theSharedNamesAreTheDeployedOnes() {
        let names = DeskRedisNames()
        #expect(names.outbox == "switchboard:telegram:outbox")
        #expect(names.telegramUpdates == "switchboard:telegram:updates")
        #expect(names.relayInbox == "switchboard:relay:inbox")
        #expect(names.relayReceipts == "switchboard:relay:receipts")
        #expect(names.dashboardReplies == "switchboard:operator-replies")
        #expect(names.blockedChats == "switchboard:telegram:blocked")
        #expect(names.chatMode == "switchboard:chat-mode:")
        #expect(names.seenChats == "switchboard:chat-seen:")
        #expect(names.chatLanguage == "switchboard:chat-language:")
        #expect(names.messageOrigin(chat: -100_200, messageID: 7) == "switchboard:relay:origin:-100200:7")
    }

    @Test func everySharedNameMovesWithThePrefix() {
        let names = DeskRedisNames(prefix: "t1:")
        let all = [
            names.outbox, names.telegramUpdates, names.relayInbox, names.relayReceipts, names.dashboardReplies,
            names.blockedChats, names.chatMode, names.seenChats, names.chatLanguage, names.messageOrigins,
        ]
        #expect(all.allSatisfy { $0.hasPrefix("t1:") })
        #expect(Set(all).count == all.count)
    }

    @Test func theEventNamesHangOffTheChannel() {
        let keys = EventKeys(channel: "switchboard:events")
        #expect(keys.channel == "switchboard:events")
        #expect(keys.sequence == "switchboard:events:seq")
        #expect(keys.log == "switchboard:events:log")
        #expect(keys.outboxThrough == "switchboard:events:outbox:through")
        #expect(keys.visitorPrefix == "switchboard:events:visitor:")
        #expect(keys.hubPrefix == "switchboard:events:hub:")
    }
}
