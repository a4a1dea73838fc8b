import Foundation
import TestSupport
import Testing

extension GatewayEndToEnd {
    /// Telegram's flood limits under a burst (CONTRACT §4: 1 message/s per chat, scaled
    /// down here to 100 ms on both sides, see `FloodLimits`).
    @Suite struct BurstTests {
        @Test(arguments: ReceivingMode.allCases)
        func fiftyMessagesToOneChatAreAllAnsweredInOrderWithinTheFloodLimits(_ mode: ReceivingMode) async throws {
            try await EndToEndWorld.run(mode) { world in
                let chat: Int64 = 3001
                // Five FAQ questions in turn; each asked with its entry's own words.
                let entries = Array(try await world.admin.faq(language: "en").sorted { $0.id < $1.id }.prefix(5))
                #expect(entries.count == 5)
                let asked = (0..<50).map { entries[$0 % entries.count] }
                for entry in asked { world.double.userWrites(entry.question, chatID: chat) }

                let sent = await world.double.waitForMessages(to: chat, count: 50, timeout: .seconds(60))
                try await Task.sleep(for: .milliseconds(300))
                #expect(world.double.messages(to: chat).count == 50)
                #expect(sent.map(\.text) == asked.map { "🤖 Automatic answer:\n\($0.answer)\n(Confidence: 100%)" })
                #expect(world.double.violations.isEmpty, "\(world.double.violations)")
                // The double saw them spaced by the per-chat interval.
                let gaps = zip(sent.dropFirst(), sent).map { $0.time - $1.time }
                #expect(gaps.allSatisfy { $0 >= FloodLimits.double.privateInterval })
                let history = try await world.admin.messages(of: chat, limit: 200)
                #expect(history.count == 100)
                #expect(history.filter { $0.sender == "user" }.count == 50)
            }
        }
    }
}
