import Foundation
import TelegramDouble
import TestSupport
import Testing

extension DeskTests {
    /// A conversation survives a restart in its middle: operator-relay stopped (SIGTERM) and
    /// started again between the user's message and the operator's reply, and Redis
    /// restarted in the middle. Each reply reaches the user exactly once: it arrives, no
    /// copy follows, and no stream holds an entry a later take-over could deliver again.
    @Suite struct RestartTests {
        @Test func aConversationContinuesAcrossARelayRestart() async throws {
            try await Desk.run("restart-relay") { desk in
                let chat: Int64 = 7701
                let forwarded = try await Self.userInOperatorMode(chat, saying: "Where is my parcel?", desk: desk)

                // The relay goes away: what happens meanwhile waits in Redis.
                #expect(await desk.relay.terminate() == .exited(0))
                desk.double.userWrites("Hello? Anyone?", chatID: chat, user: Self.user(chat))
                desk.double.userWrites(
                    "It left the depot today", chatID: Desk.operatorChatID, user: Desk.operatorUser,
                    replyTo: forwarded.messageID)
                try await Task.sleep(for: .seconds(1))
                #expect(desk.double.messages(to: chat).filter { $0.text.hasPrefix("Operator reply:") }.isEmpty)

                try await desk.relay.start()
                try await desk.telegramMessage(to: Desk.operatorChatID) { $0.text.hasSuffix(":\nHello? Anyone?") }
                try await desk.telegramMessage(to: chat) { $0.text == "Operator reply: It left the depot today" }
                try await Self.expectExactlyOnce(
                    in: desk, chat: chat,
                    toUser: ["Operator reply: It left the depot today"],
                    toOperators: [":\nWhere is my parcel?", ":\nHello? Anyone?"])
            }
        }

        @Test func operatorRepliesReachTheUserOnceWhenTheRelayIsKilledWhileHandlingThem() async throws {
            try await Desk.run("kill-relay") { desk in
                let chat: Int64 = 7705
                var forwarded = try await Self.userInOperatorMode(chat, saying: "Round 0", desk: desk)
                // SIGKILL a moment after the reply arrives, at different points of its handling.
                for (round, delay) in [0, 60, 300].enumerated() {
                    let answer = "Answer \(round)"
                    desk.double.userWrites(
                        answer, chatID: Desk.operatorChatID, user: Desk.operatorUser, replyTo: forwarded.messageID)
                    try await Task.sleep(for: .milliseconds(delay))
                    await desk.relay.kill()
                    try await desk.relay.start()
                    try await desk.telegramMessage(to: chat) { $0.text == "Operator reply: \(answer)" }
                    let next = "Round \(round + 1)"
                    desk.double.userWrites(next, chatID: chat, user: Self.user(chat))
                    forwarded = try await desk.telegramMessage(to: Desk.operatorChatID) {
                        $0.text.hasSuffix(":\n" + next)
                    }
                }
                try await Self.expectExactlyOnce(
                    in: desk, chat: chat, toUser: (0..<3).map { "Operator reply: Answer \($0)" },
                    toOperators: (0...3).map { ":\nRound \($0)" })
            }
        }

        @Test func aConversationContinuesAcrossARedisRestart() async throws {
            try await PrivateServer.with([.redis]) { servers in
                var setup = Desk.Setup()
                setup.redisURL = servers[0].url
                try await Desk.run("restart-redis", setup) { desk in
                    let chat: Int64 = 7702
                    let forwarded = try await Self.userInOperatorMode(chat, saying: "My VPN drops hourly", desk: desk)
                    let dashboard = try await offPool { Handed(try DashboardSocket(port: desk.hubs[1].port)) }

                    try await servers[0].stop()
                    try await Task.sleep(for: .seconds(1))
                    try await servers[0].start()

                    desk.double.userWrites(
                        "Which client version?", chatID: Desk.operatorChatID, user: Desk.operatorUser,
                        replyTo: forwarded.messageID)
                    try await desk.telegramMessage(to: chat, timeout: .seconds(30)) {
                        $0.text == "Operator reply: Which client version?"
                    }
                    desk.double.userWrites("Version 5.2", chatID: chat, user: Self.user(chat))
                    try await desk.telegramMessage(to: Desk.operatorChatID, timeout: .seconds(30)) {
                        $0.text.hasSuffix(":\nVersion 5.2")
                    }
                    try await Self.expectExactlyOnce(
                        in: desk, chat: chat, toUser: ["Operator reply: Which client version?"],
                        toOperators: [":\nMy VPN drops hourly", ":\nVersion 5.2"])

                    // The hubs came back too: the dashboard connected before the restart
                    // still gets the events, and a web visitor and a dashboard reply meet
                    // across the two hubs.
                    _ = try await offPool { try dashboard.value.event(containing: "Version 5.2") }
                    let visitor = try await offPool { Handed(try WebVisitor(.contact, port: desk.hubs[0].port)) }
                    _ = try await offPool {
                        try visitor.value.say("Is the desk up again?")
                        return try visitor.value.nextAnswer()
                    }
                    let takeOver = try await desk.request(
                        desk.hubs[1], "PUT", "/api/chats/\(visitor.value.chatID)/mode", body: #"{"mode":"operator"}"#,
                        token: Desk.adminToken)
                    #expect(takeOver.status == 200)
                    try await offPool { try dashboard.value.reply(to: visitor.value.chatID, "Yes, all back") }
                    let reply = try await offPool { try visitor.value.nextAnswer() }
                    #expect(reply == WebVisitor.Answer(text: "Operator reply: Yes, all back", sender: "operator"))
                }
            }
        }

        @Test func whatUsersWriteWhileRedisIsDownIsHandledOnceWhenItIsBack() async throws {
            try await PrivateServer.with([.redis]) { servers in
                var setup = Desk.Setup()
                setup.redisURL = servers[0].url
                try await Desk.run("redis-down", setup) { desk in
                    let chat: Int64 = 7704
                    desk.double.userWrites("/start", chatID: chat)
                    try await desk.telegramMessage(to: chat) { $0.keyboardLabels != nil }

                    try await servers[0].stop()
                    desk.double.userWrites("How do I reset my password?", chatID: chat)
                    desk.double.userWrites("/operator", chatID: chat)
                    // Polled meanwhile, but not confirmed: nothing is lost, nothing answered yet.
                    try await Task.sleep(for: .seconds(2))
                    #expect(desk.double.messages(to: chat).count == 1)
                    try await servers[0].start()

                    try await desk.telegramMessage(to: chat, timeout: .seconds(30)) {
                        $0.text.hasPrefix("🤖 Automatic answer:")
                    }
                    try await desk.telegramMessage(to: chat, timeout: .seconds(30)) {
                        $0.text == "Operator connected to the dialog"
                    }
                    try await desk.telegramMessage(to: Desk.operatorChatID, timeout: .seconds(30)) {
                        $0.text.hasPrefix("Message from user \(chat)")
                    }
                    try await Self.expectExactlyOnce(
                        in: desk, chat: chat, toUser: ["Operator connected to the dialog"], toOperators: [])
                    #expect(desk.double.messages(to: chat).filter { $0.text.hasPrefix("🤖") }.count == 1)
                    #expect(desk.double.messages(to: Desk.operatorChatID).count == 1)
                }
            }
        }

        @Test func theOthersUseARestartedIngestAPIAtOnce() async throws {
            try await Desk.run("restart-ingest") { desk in
                let chat: Int64 = 7703
                let visitor = try await offPool { Handed(try WebVisitor(.contact, port: desk.hubs[0].port)) }
                desk.double.userWrites("How do I reset my password?", chatID: chat)
                try await desk.telegramMessage(to: chat) { $0.text.hasPrefix("🤖 Automatic answer:") }
                _ = try await offPool {
                    try visitor.value.say("How do I reset my password?")
                    return try visitor.value.nextAnswer()
                }

                try await desk.restart(desk.ingest)

                // The very next calls of the gateway and the hub (kept-alive connections to
                // the old process are gone) are answered, not refused.
                desk.double.userWrites("How do I connect to the VPN?", chatID: chat)
                let answers = try await desk.telegramMessage(to: chat) { $0 != desk.double.messages(to: chat).first }
                #expect(answers.text.hasPrefix("🤖 Automatic answer:"), "\(answers.text)")
                let webAnswer = try await offPool {
                    try visitor.value.say("How do I connect to the VPN?")
                    return try visitor.value.nextAnswer()
                }
                #expect(webAnswer.sender == "bot", "\(webAnswer)")
            }
        }

        /// The test's user.
        private static func user(_ chat: Int64) -> DoubleUser {
            DoubleUser(id: chat, firstName: "Kim")
        }

        /// The user presses the operator button and writes `text`; returns the message
        /// forwarded to the operator chat.
        private static func userInOperatorMode(_ chat: Int64, saying text: String, desk: Desk) async throws
            -> SentMessage
        {
            desk.double.userWrites("Connect/disconnect operator", chatID: chat, user: user(chat))
            try await desk.telegramMessage(to: chat) { $0.text == "Operator connected to the dialog" }
            try await desk.telegramMessage(to: Desk.operatorChatID) { $0.text.hasPrefix("Message from user \(chat)") }
            desk.double.userWrites(text, chatID: chat, user: user(chat))
            return try await desk.telegramMessage(to: Desk.operatorChatID) { $0.text.hasSuffix(":\n" + text) }
        }

        /// Each of `toUser` reached the user once and each message ending in one of
        /// `toOperators` reached the operator chat once, still so after a wait for a late
        /// copy; and no durable stream holds an unacknowledged entry (the cause a copy
        /// would come from later, when a take-over claims it).
        private static func expectExactlyOnce(
            in desk: Desk, chat: Int64, toUser: [String], toOperators: [String]
        ) async throws {
            try await Task.sleep(for: .seconds(2))
            for text in toUser {
                #expect(desk.double.messages(to: chat).filter { $0.text == text }.count == 1, "\(text)")
            }
            for ending in toOperators {
                let copies = desk.double.messages(to: Desk.operatorChatID).filter { $0.text.hasSuffix(ending) }
                #expect(copies.count == 1, "\(ending)")
            }
            var pending: [String: Int] = [:]
            let drained = await eventually(timeout: .seconds(10)) {
                pending = (try? await desk.pendingEntries()) ?? ["redis": -1]
                return pending.values.allSatisfy { $0 == 0 }
            }
            #expect(drained, "unacknowledged entries: \(pending)")
        }
    }
}
