import Foundation
import TestSupport
import Testing

extension DeskTests {
    /// SIGTERM (CONTRACT §1): stop accepting, finish in-flight work, close WebSockets with
    /// 1001, exit 0.
    @Suite struct ShutdownTests {
        @Test func anIngestInFlightWhenSIGTERMArrivesGetsItsAnswerAndIngestAPIExitsZero() async throws {
            try await Desk.run("sigterm-ingest") { desk in
                let answer = "Slow but sure: hold the power button for ten seconds."
                desk.model.behave {
                    $0.latency = .seconds(3)
                    $0.answer = answer
                }
                let question = JSON.encode(["text": "My tablet shows a purple zebra on boot", "language": "en"])
                let asking = Task { try await desk.request(desk.ingest, "POST", "/api/ingest", body: question) }
                // SIGTERM once the question is with the model, i.e. the request is in flight.
                guard await eventually(timeout: .seconds(10), { desk.model.callCount == 1 }) else {
                    throw DeskError("ingest-api never asked the model\n\(desk.ingest.logTail())")
                }
                let exit = await desk.ingest.terminate()
                let response = try await asking.value
                #expect(exit == .exited(0))
                #expect(response.status == 200, "\(response.bodyText)")
                let body = JSON.object(response.bodyText)
                #expect(body["answer"] as? String == answer)
                #expect(body["status"] as? String == "closed_auto")
                // Stopped accepting: nothing listens any more.
                #expect((try? await desk.request(desk.ingest, "GET", "/healthz", timeout: .seconds(2))) == nil)
            }
        }

        @Test func dashboardsAndVisitorsAreClosedWith1001AndTheHubExitsZero() async throws {
            try await Desk.run("sigterm-hub") { desk in
                let hub = desk.hubs[0]
                let dashboard = try await offPool { Handed(try DashboardSocket(port: hub.port)) }
                let visitor = try await offPool { Handed(try WebVisitor(.contact, port: hub.port)) }
                let imVisitor = try await offPool { Handed(try WebVisitor(.pipeline, port: hub.port)) }
                let closes = Task {
                    try await offPool {
                        [dashboard.value.client, visitor.value.client, imVisitor.value.client].map(Self.closeCode(of:))
                    }
                }
                let exit = await hub.terminate()
                #expect(exit == .exited(0))
                #expect(try await closes.value == [1001, 1001, 1001])
            }
        }

        @Test func theGatewayAndTheRelayExitZeroOnSIGTERMMidWorkAndResumeItOnce() async throws {
            try await Desk.run("sigterm-telegram") { desk in
                let chat: Int64 = 7301
                desk.double.userWrites("/start", chatID: chat)
                try await desk.telegramMessage(to: chat) { $0.keyboardLabels != nil }
                // Work for both: a hand-off to post, a greeting to send.
                desk.double.userWrites("/operator", chatID: chat)
                desk.double.userWrites("/start", chatID: chat + 1)
                let started = ContinuousClock.now
                async let gateway = desk.gateway.terminate()
                async let relay = desk.relay.terminate()
                let exits = await [gateway, relay]
                #expect(exits == [.exited(0), .exited(0)])
                // The long poll the stop cancels is the stop, not a failure to warn the operator of.
                #expect(!desk.gateway.log.contains("polling failed"), "\(desk.gateway.logTail())")
                // Within the graceful stop's deadline (5 s grace), not after the kill.
                #expect(ContinuousClock.now - started < .seconds(12))

                // Started again, they finish what was left, once.
                try await desk.gateway.start()
                try await desk.relay.start()
                try await desk.telegramMessage(to: chat + 1) { $0.keyboardLabels != nil }
                try await desk.telegramMessage(to: chat) { $0.text == "Operator connected to the dialog" }
                try await desk.telegramMessage(to: Desk.operatorChatID) {
                    $0.text.hasPrefix("Message from user \(chat)")
                }
                try await Task.sleep(for: .seconds(2))
                #expect(desk.double.messages(to: chat + 1).count == 1)
                #expect(
                    desk.double.messages(to: chat).filter { $0.text == "Operator connected to the dialog" }.count == 1)
                #expect(desk.double.messages(to: Desk.operatorChatID).count == 1)
            }
        }

        /// The close code the server ends `client` with (text frames before it skipped), the
        /// close answered as a browser does; 0 for none.
        private static func closeCode(of client: TestWebSocketClient) -> Int {
            while let message = try? client.receiveMessage(timeout: .seconds(15)) {
                if case .close(let code, _) = message {
                    try? client.sendClose(code: .goingAway)
                    return Int(code?.rawValue ?? 0)
                }
            }
            return 0
        }
    }
}
