import TestSupport
import Catalog
import Foundation
import TelegramDouble
import Testing

@testable import TelegramGateway

/// Bot-mode routing through the double and the ingest stand-in (CONTRACT §4).
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct RoutingTests {
    @Test func startGreetsWithTheOperatorButtonAndPutsTheChatInBotMode() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        try await world.redis.set("\(world.options.keys.chatMode)501", to: "operator")
        world.double.userWrites("/start", chatID: 501)
        let sent = await world.double.waitForMessages(to: 501, count: 1)
        #expect(sent.first?.text == Texts.of(.en).greeting)
        #expect(sent.first?.keyboardLabels == [["Connect/disconnect operator"]])
        #expect(try await world.mode(of: 501) == "bot")
    }

    @Test func russianUsersGetTheRussianButton() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.double.userWrites("/start", chatID: 502, user: .init(id: 502, languageCode: "ru"))
        let sent = await world.double.waitForMessages(to: 502, count: 1)
        #expect(sent.first?.keyboardLabels == [["Подключить/отключить оператора"]])
    }

    @Test func anFAQMatchIsAnsweredWithTheAutomaticAnswerAndItsConfidence() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.double.userWrites("How do I connect to the VPN?", chatID: 503)
        let sent = await world.double.waitForMessages(to: 503, count: 1)
        #expect(sent.first?.text == "🤖 Automatic answer:\nOpen the VPN app and sign in.\n(Confidence: 92%)")
        let asked = world.ingest.ingested.withLock { $0 }
        #expect(asked.first?.chatID == "503")
        #expect(asked.first?.channel == "telegram")
        #expect(asked.first?.user?.id == "503")
    }

    @Test func aQuestionWithoutAnAnswerGetsTheTicketNotice() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.ingest.queue(
            .ticket(id: 42, category: "VPN", priority: "high", department: "IT_Infrastructure", language: "en"))
        world.double.userWrites("My VPN is broken", chatID: 504)
        let sent = await world.double.waitForMessages(to: 504, count: 1)
        #expect(
            sent.first?.text
                == "📝 Your request is registered!\n\nTicket: #42\nCategory: VPN\nPriority: high\n"
                + "Department: IT_Infrastructure\n\nA specialist will answer soon.")
    }

    @Test func theTicketNoticeIsInTheDetectedLanguage() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.ingest.queue(.ticket(id: 7, category: "VPN", priority: "high", department: "IT", language: "ru"))
        world.double.userWrites("Не работает VPN", chatID: 505)
        let sent = await world.double.waitForMessages(to: 505, count: 1)
        #expect(sent.first?.text.hasPrefix("📝 Ваш запрос зарегистрирован!\n\nID тикета: #7\n") == true)
    }

    @Test func aWordTooShortToTellKeepsTheUsersLanguage() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        // ingest-api reads "VPN" as English; a Russian user still gets Russian.
        world.ingest.queue(.ticket(id: 8, category: "VPN", priority: "high", department: "IT", language: "en"))
        world.double.userWrites("VPN", chatID: 510, user: DoubleUser(id: 510, languageCode: "ru"))
        let sent = await world.double.waitForMessages(to: 510, count: 1)
        #expect(sent.first?.text.hasPrefix("📝 Ваш запрос зарегистрирован!\n\nID тикета: #8\n") == true)
    }

    @Test func aUserWhoseLanguageNothingTellsGetsTheDefaultLanguage() async throws {
        let world = try await GatewayHarness(values: ["DEFAULT_LANGUAGE": "zh"])
        defer { Task { await world.stop() } }
        world.double.userWrites("/start", chatID: 507, user: DoubleUser(id: 507, languageCode: nil))
        world.double.userWrites("/start", chatID: 508, user: DoubleUser(id: 508, languageCode: "de"))
        world.double.userWrites("/start", chatID: 509, user: DoubleUser(id: 509, languageCode: "kk"))
        #expect(await world.double.waitForMessages(to: 507, count: 1).first?.text == Texts.of(.zh).greeting)
        #expect(await world.double.waitForMessages(to: 508, count: 1).first?.text == Texts.of(.zh).greeting)
        let kazakh = await world.double.waitForMessages(to: 509, count: 1).first
        #expect(kazakh?.text == Texts.of(.kk).greeting && kazakh?.keyboardLabels == [["Операторды қосу/ажырату"]])
    }

    @Test func ingestDownGivesTheConnectionError() async throws {
        let world = try await GatewayHarness(values: ["BACKEND_URL": "http://127.0.0.1:\(unusedPort())"])
        defer { Task { await world.stop() } }
        world.double.userWrites("hello?", chatID: 506)
        let sent = await world.double.waitForMessages(to: 506, count: 1)
        #expect(sent.first?.text == "Connection error, please try again later")
    }

    @Test func aGarbageAnswerGivesTheProcessingError() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.ingest.queue(.garbage)
        world.double.userWrites("hello?", chatID: 507)
        let sent = await world.double.waitForMessages(to: 507, count: 1)
        #expect(sent.first?.text == "Processing error")
    }

    @Test func aTimeOutIsRetriedOnceAfterTheDelay() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.ingest.queue(.slow(.seconds(2)))
        let start = ContinuousClock.now
        world.double.userWrites("slow question", chatID: 508)
        let sent = await world.double.waitForMessages(to: 508, count: 1)
        #expect(sent.first?.text.hasPrefix("🤖 Automatic answer:") == true)
        #expect(world.ingest.ingested.withLock { $0.count } == 2)
        // Both calls name the update, so ingest-api stores and answers the question once.
        let keys = world.ingest.idempotencyKeys.withLock { $0 }
        #expect(keys.count == 2 && keys[0] == keys[1])
        #expect(keys.first??.wholeMatch(of: /telegram-update:\d+:\d+/) != nil)
        // One time-out (1 s) and the retry delay (0.3 s) passed before the answer.
        #expect(ContinuousClock.now - start >= .milliseconds(1300))
    }

    @Test func twoTimeOutsGiveTheConnectionError() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.ingest.queue(.slow(.seconds(2)), .slow(.seconds(2)))
        world.double.userWrites("very slow question", chatID: 509)
        let sent = await world.double.waitForMessages(to: 509, count: 1)
        #expect(sent.first?.text == "Connection error, please try again later")
    }

    @Test func userTextIsEscapedForHTML() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.ingest.queue(.answer("Use <b>vpn.example</b> & \"profile\" <script>", score: 0.8, language: "en"))
        world.double.userWrites("html?", chatID: 510)
        let sent = await world.double.waitForMessages(to: 510, count: 1)
        #expect(sent.first?.parseMode == "HTML")
        #expect(
            sent.first?.text == "🤖 Automatic answer:\nUse <b>vpn.example</b> & \"profile\" <script>\n(Confidence: 80%)")
    }

    @Test func aPhotoInBotModeGetsTheTextOnlyAnswer() async throws {
        let world = try await GatewayHarness()
        defer { Task { await world.stop() } }
        world.double.userSendsPhoto(chatID: 511)
        let sent = await world.double.waitForMessages(to: 511, count: 1)
        #expect(sent.first?.text == Texts.of(.en).textOnly)
        #expect(world.ingest.ingested.withLock { $0.isEmpty })
    }
}
