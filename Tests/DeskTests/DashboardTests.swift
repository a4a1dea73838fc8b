import Foundation
import TelegramDouble
import TestSupport
import Testing

extension DeskTests {
    /// The admin dashboard against the whole desk (CONTRACT §5, §6): taking a Telegram chat
    /// over and answering it from `/notify`, and the event feed's ids, replay and broadcasts
    /// being the same whichever notify-hub a dashboard or visitor is on.
    @Suite struct DashboardTests {
        @Test func aDashboardTakesATelegramChatOverAnswersItAndGivesItBack() async throws {
            try await Desk.run("dashboard-telegram") { desk in
                let chat: Int64 = 7901
                let user = DoubleUser(id: chat, firstName: "Lena")
                desk.double.userWrites("/start", chatID: chat, user: user)
                try await desk.telegramMessage(to: chat) { $0.keyboardLabels != nil }

                // Take over through the hub (ingest-api sets the mode, the gateway routes by
                // it, the relay posts the hand-off from the `mode_changed` event).
                let hub = desk.hubs[1]
                let takeOver = try await desk.request(
                    hub, "PUT", "/api/chats/\(chat)/mode", body: #"{"mode":"operator"}"#, token: Desk.adminToken)
                #expect(takeOver.status == 200, "\(takeOver.bodyText)")
                try await desk.telegramMessage(to: Desk.operatorChatID) {
                    $0.text.hasPrefix("Message from user \(chat)")
                }
                desk.double.userWrites("Is anyone reading this?", chatID: chat, user: user)
                try await desk.telegramMessage(to: Desk.operatorChatID) {
                    $0.text.hasSuffix(":\nIs anyone reading this?")
                }

                let dashboard = try await offPool { Handed(try DashboardSocket(port: hub.port)) }
                try await offPool { try dashboard.value.reply(to: String(chat), "Yes, from the dashboard") }
                try await desk.telegramMessage(to: chat) { $0.text == "Operator reply: Yes, from the dashboard" }
                // The reply's `message` event comes back to the dashboard (it shows "sending…" until then).
                _ = try await offPool { try dashboard.value.event(containing: "Yes, from the dashboard") }

                let giveBack = try await desk.request(
                    hub, "PUT", "/api/chats/\(chat)/mode", body: #"{"mode":"bot"}"#, token: Desk.adminToken)
                #expect(giveBack.status == 200)
                desk.double.userWrites("How do I reset my password?", chatID: chat, user: user)
                try await desk.telegramMessage(to: chat) { $0.text.hasPrefix("🤖 Automatic answer:") }

                try await Task.sleep(for: .seconds(2))
                #expect(desk.double.messages(to: chat).filter { $0.text.hasPrefix("Operator reply:") }.count == 1)
                #expect(
                    desk.double.messages(to: Desk.operatorChatID).filter { $0.text.contains("Is anyone") }.count == 1)
                #expect(
                    try await desk.history(of: String(chat)).contains("operator: Yes, from the dashboard"))
            }
        }

        @Test func eventIdsAndReplayAreTheSameOnBothHubsAndBroadcastsReachEveryHub() async throws {
            try await Desk.run("dashboard-feed") { desk in
                let first = try await offPool { Handed(try DashboardSocket(port: desk.hubs[0].port)) }
                desk.double.userWrites("How do I reset my password?", chatID: 7902)
                let seen = try await offPool { try first.value.event(containing: "How do I reset my password?") }
                let seenID = try #require(JSON.object(seen)["id"] as? String)
                try await offPool { _ = try first.value.client.close() }

                // Missed while away: the next question and its answer.
                desk.double.userWrites("What are the office hours?", chatID: 7903)
                try await desk.telegramMessage(to: 7903) { $0.text.hasPrefix("🤖") }

                // The other hub replays from the id the first one gave, without gaps or repeats.
                let second = try await offPool {
                    Handed(try DashboardSocket(port: desk.hubs[1].port, query: "&since=\(seenID)"))
                }
                let replayed = try await offPool { try second.value.event(containing: "What are the office hours?") }
                let replayedID = try #require(Int(JSON.object(replayed)["id"] as? String ?? ""))
                #expect(replayedID > Int(seenID) ?? .max)
                #expect(!replayed.contains("How do I reset my password?"))

                // A broadcast on one hub reaches a web IM visitor of that pipeline on the other.
                let pipeline = UUID().uuidString.lowercased()
                let visitor = try await offPool {
                    Handed(try WebVisitor(.pipeline, port: desk.hubs[0].port, pipeline: pipeline))
                }
                let sent = try await desk.request(
                    desk.hubs[1], "POST", "/api/v1/pipelines/\(pipeline)/ws/broadcast",
                    body: #"{"message":"Maintenance at noon"}"#, token: Desk.adminToken)
                #expect(sent.status == 200, "\(sent.bodyText)")
                let frame = try await offPool { try visitor.value.client.receiveText(timeout: .seconds(10)) }
                #expect(JSON.object(frame)["type"] as? String == "broadcast")
                #expect(JSON.object(frame)["message"] as? String == "Maintenance at noon")
            }
        }

        @Test func connectionCountsCoverBothHubsAndDropOneThatStops() async throws {
            try await Desk.run("dashboard-connections") { desk in
                let pipeline = UUID().uuidString.lowercased()
                let visitors = try await offPool {
                    Handed(try desk.hubs.map { try WebVisitor(.pipeline, port: $0.port, pipeline: pipeline) })
                }
                let path = "/api/v1/pipelines/\(pipeline)/ws/connections"
                var data: [String: Any] = [:]
                let counted = await eventually(timeout: .seconds(15)) {
                    let response = try? await desk.request(desk.hubs[1], "GET", path, token: Desk.adminToken)
                    data = JSON.object(response?.bodyText ?? "")["data"] as? [String: Any] ?? [:]
                    let stats = data["stats"] as? [String: Any] ?? [:]
                    return stats["total_connections"] as? Int == 2 && (data["instances"] as? [Any])?.count == 2
                }
                #expect(counted, "\(data)")

                // A hub that stops withdraws its report: its sockets are gone.
                #expect(await desk.hubs[0].terminate() == .exited(0))
                let dropped = await eventually(timeout: .seconds(15)) {
                    let response = try? await desk.request(desk.hubs[1], "GET", path, token: Desk.adminToken)
                    data = JSON.object(response?.bodyText ?? "")["data"] as? [String: Any] ?? [:]
                    let stats = data["stats"] as? [String: Any] ?? [:]
                    return stats["total_connections"] as? Int == 1 && (data["instances"] as? [Any])?.count == 1
                }
                #expect(dropped, "\(data)")
                withExtendedLifetime(visitors) {}
            }
        }
    }
}
