import Testing

@testable import Catalog

/// The message catalogue is complete: every key in every language, with the same
/// placeholders, and the texts the original bots used where they had one.
struct CatalogueTests {
    @Test(arguments: Language.allCases)
    func everyKeyHasATextInEveryLanguage(_ language: Language) {
        let missing = TextKey.allCases.filter { Catalogue.template($0, in: language)?.isEmpty ?? true }
        #expect(missing.isEmpty, "\(language) lacks \(missing.map(\.rawValue))")
    }

    @Test(arguments: Language.allCases)
    func everyLanguageHasThePlaceholdersOfEnglish(_ language: Language) {
        for key in TextKey.allCases {
            #expect(
                Catalogue.placeholders(key, in: language) == Catalogue.placeholders(key, in: .en),
                "\(language).\(key.rawValue)")
        }
    }

    @Test(arguments: Language.allCases)
    func everyFilledTextHasNoPlaceholderLeft(_ language: Language) {
        let texts = Texts.of(language)
        let filled = [
            texts.automaticAnswer("A", 92), texts.ticketNotice(42, "VPN", "high", "IT"),
            texts.messageFromUser("5", "Ann"),
            texts.operatorReply("ok"), texts.escalation("Ann", "Q", "R"), texts.escalationChat("5"),
            texts.text(.answerEmpty, ["chat_id": "5"]), texts.text(.notDelivered, ["chat_id": "5", "reason": "x"]),
            texts.text(.userBlockedBot, ["chat_id": "5", "name": "Ann"]),
        ]
        for text in filled {
            #expect(Template(text: text).placeholders.isEmpty, "\(language): \(text)")
        }
    }

    @Test func kazakhIsWrittenWithKazakhLettersAndDiffersFromRussian() {
        let kazakhLetters = Set("әғқңөұүһі")
        let kazakh = Texts.of(.kk)
        for key in [TextKey.greeting, .operatorButton, .operatorConnected, .ticketNotice, .webContactReceived] {
            #expect(kazakh.text(key).contains(where: kazakhLetters.contains), "\(key.rawValue)")
            #expect(kazakh.text(key) != Texts.of(.ru).text(key))
        }
    }

    @Test func russianUsesTheOriginalBotsWords() {
        let russian = Texts.of(.ru)
        #expect(russian.automaticAnswer("Ответ", 92) == "🤖 Автоматическое решение:\nОтвет\n(Уверенность: 92%)")
        #expect(
            russian.ticketNotice(42, "VPN", "high", "IT_Infrastructure")
                == "📝 Ваш запрос зарегистрирован!\n\nID тикета: #42\nКатегория: VPN\nПриоритет: high\n"
                + "Отдел: IT_Infrastructure\n\nНаш специалист скоро ответит!")
        #expect(russian.operatorConnected == "Оператор подключен к диалогу")
        #expect(russian.operatorDisconnected == "Оператор отключен от диалога")
        #expect(russian.operatorReply("Готово") == "Ответ оператора: Готово")
        #expect(russian.invalidOperatorFormat == "Неверный формат сообщения. Используйте формат 'chat_id: сообщение'.")
        #expect(russian.connectionError == "Ошибка подключения" && russian.processingError == "Ошибка обработки")
        #expect(russian.operatorButton == "Подключить/отключить оператора")
        #expect(russian.text(.handoffHint) == "Ответьте в формате chat_id: ответ")
        // The greeting says the button connects a person and that pressing again ends it.
        #expect(russian.greeting.contains("«Подключить/отключить оператора»") && russian.greeting.contains("повторное"))
    }

    @Test func vietnameseAlertAndGreetingAreTheAdminBotsOwn() {
        let vietnamese = Texts.of(.vi)
        #expect(
            vietnamese.escalation("An", "Q?", "R")
                == "⚠️ <b>Câu hỏi cần xử lý:</b>\n\n<b>Từ:</b> An\n<b>Câu hỏi:</b> Q?\n\n<b>Trả lời hiện tại:</b> R\n\n"
                + "<i>Vui lòng trả lời người dùng này.</i>")
        #expect(vietnamese.text(.unknownUser) == "Người dùng không xác định")
        #expect(
            vietnamese.adminGreeting
                == "Xin chào! Tôi là Bot Admin. Tôi sẽ thông báo cho bạn khi có câu hỏi mới cần hỗ trợ.")
    }

    @Test func chineseWebErrorsAreTheContactServicesFamily() {
        let chinese = Texts.of(.zh)
        #expect(chinese.text(.webProcessingError).hasPrefix("抱歉，我暂时无法处理"))
        #expect(chinese.text(.webUnreachable).hasPrefix("抱歉，我暂时无法"))
    }

    @Test func languagesAreChosenDetectedFirstThenClientThenDefault() {
        #expect(Language(code: "ru-RU") == .ru && Language(code: "kz") == .kk && Language(code: "zh-Hant-TW") == .zh)
        #expect(Language(code: "vi_VN") == .vi && Language(code: "de") == nil && Language(code: nil) == nil)
        #expect(Language.first(of: ["kk", "ru"], else: .en) == .kk)
        #expect(Language.first(of: [nil, "de", "vi"], else: .en) == .vi)
        #expect(Language.first(of: [nil, "fr"], else: .zh) == .zh)
        #expect(Texts.operatorButtons.count == Language.allCases.count)
    }

    @Test func aDetectionIsTrustedOnlyWhenTheTextSaysEnough() {
        #expect(Language.detected("en", in: "VPN") == nil && Language.detected("en", in: "ok 👍") == nil)
        #expect(Language.detected("en", in: "My VPN does not connect") == "en")
        #expect(Language.detected("ru", in: "Да") == "ru" && Language.detected("zh", in: "好") == "zh")
        #expect(Language.detected("vi", in: "Ừ") == "vi" && Language.detected(nil, in: "Привет") == nil)
    }

    @Test func aValueIsInsertedAsItIsEvenWithBraces() {
        #expect(Texts.of(.en).operatorReply("{answer} {x") == "Operator reply: {answer} {x")
        #expect(Template(text: "a {b} {c d} {}").placeholders == ["b"])
    }
}
