import Catalog
import Foundation
import TelegramDouble
import TelegramOutbox
import TestSupport
import Testing

extension GatewayEndToEnd {
    /// Operator mode (CONTRACT §4): the toggle, and messages that go to operator-relay's
    /// input and the history instead of being answered.
    @Suite struct OperatorModeFlowTests {
        @Test(arguments: ReceivingMode.allCases)
        func theButtonHandsTheChatToTheRelayAndBack(_ mode: ReceivingMode) async throws {
            try await EndToEndWorld.run(mode) { world in
                let chat: Int64 = 2001
                let user = DoubleUser(id: chat, firstName: "Ann", username: "ann")
                world.double.userWrites("Connect/disconnect operator", chatID: chat, user: user)
                #expect(
                    await world.double.waitForMessages(to: chat, count: 1).map(\.text)
                        == ["Operator connected to the dialog"])
                #expect(try await world.admin.mode(of: chat) == "operator")

                let text = "I need a human, please"
                world.double.userWrites(text, chatID: chat, user: user)
                #expect(await eventually { (try? await world.relayInput.items().count) == 2 })
                let items = try await world.relayInput.items()
                #expect(items.map(\.kind) == [.modeChanged, .userMessage])
                #expect(items[0].mode == .operator && items[0].user?.firstName == "Ann")
                #expect(items[1].chatID == String(chat) && items[1].text == text && items[1].user?.username == "ann")
                // Stored through ingest-api's admin API, and neither answered nor filed.
                #expect(await eventually { (try? await world.admin.messages(of: chat).map(\.text)) == [text] })
                let stored = try #require(try await world.admin.messages(of: chat).first)
                #expect(stored.sender == "user" && stored.direction == "in")
                try await Task.sleep(for: .milliseconds(300))
                #expect(world.double.messages(to: chat).count == 1)
                #expect(try await world.admin.messages(of: chat).count == 1)

                world.double.userWrites("/operator", chatID: chat, user: user)
                #expect(
                    await world.double.waitForMessages(to: chat, count: 2).last?.text
                        == "Operator disconnected from the dialog")
                #expect(try await world.admin.mode(of: chat) == "bot")
                #expect(await eventually { (try? await world.relayInput.items().last?.mode) == .bot })

                // Back in bot mode, questions are answered again.
                world.double.userWrites("How do I reset my password?", chatID: chat, user: user)
                let answer = await world.double.waitForMessages(to: chat, count: 3).last?.text ?? ""
                #expect(answer.hasPrefix("🤖 Automatic answer:\n"))
            }
        }

        @Test(arguments: ReceivingMode.allCases)
        func aDashboardTakeOverThroughIngestAPIRoutesTheChatToTheRelay(_ mode: ReceivingMode) async throws {
            try await EndToEndWorld.run(mode) { world in
                let chat: Int64 = 2101
                // The dashboard's "take over": ingest-api writes the mode the gateway reads.
                try await world.admin.setMode("operator", of: chat)
                world.double.userWrites("How do I reset my password?", chatID: chat)
                #expect(await eventually { (try? await world.relayInput.items().count) == 1 })
                let item = try #require(try await world.relayInput.items().first)
                #expect(item.kind == .userMessage && item.text == "How do I reset my password?")
                #expect(
                    await eventually {
                        (try? await world.admin.messages(of: chat).map(\.text)) == ["How do I reset my password?"]
                    })
                try await Task.sleep(for: .milliseconds(300))
                #expect(world.double.messages(to: chat).isEmpty)
            }
        }
    }
}
