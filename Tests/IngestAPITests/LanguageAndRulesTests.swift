import Testing

@testable import IngestAPI

/// Language detection and classification, without servers.
struct LanguageAndRulesTests {
    @Test func detectorTellsLanguagesApartByTheirLetters() {
        let detector = LanguageDetector()
        #expect(detector.detect("Как подключиться к VPN?") == "ru")
        #expect(detector.detect("VPN-ге қалай қосылуға болады?") == "kk")
        #expect(detector.detect("Рахмет, керек емес") == "kk")
        #expect(detector.detect("How do I reset my password?") == "en")
        #expect(detector.detect("2 + 2 = 4?") == LanguageCode.fallback)
        #expect(detector.detect("Làm thế nào để tìm thông tin liên hệ khẩn cấp?") == "vi")
        #expect(detector.detect("如何连接VPN？") == "zh")
        #expect(detector.detect("12345 😀") == "en")
    }

    @Test(arguments: [
        // Kazakh with its own letters, and without them (common words), against Russian.
        ("Сәлеметсіз бе, принтер жұмыс істемейді", "kk"), ("Интернет баяу, не істеу керек?", "kk"),
        ("Рахмет, бәрі жақсы", "kk"), ("Калай VPN косамын? Рахмет", "kk"), ("Мен паролімді ұмыттым", "kk"),
        ("Здравствуйте, принтер не работает", "ru"), ("Интернет медленный, что делать?", "ru"),
        ("Спасибо, всё хорошо", "ru"), ("Не могу войти в почту", "ru"),
        // Vietnamese with tone marks, and typed without them.
        ("Tôi không kết nối được VPN", "vi"), ("Máy in bị kẹt giấy", "vi"), ("Cảm ơn bạn!", "vi"),
        ("toi khong ket noi duoc vpn", "vi"), ("may in khong in duoc", "vi"), ("quen mat khau", "vi"),
        ("xin chao", "vi"),
        // English that shares letters with unmarked Vietnamese.
        ("I need to ban a user", "en"), ("The VPN does not connect", "en"), ("Thanks", "en"),
        ("Can I hop on a call?", "en"),
        // Chinese, simplified and traditional, short too.
        ("我的电脑连不上网络", "zh"), ("我的電腦連不上網路", "zh"), ("谢谢", "zh"), ("謝謝", "zh"), ("VPN断了", "zh"),
        // Short messages.
        ("ok", "en"), ("Да", "ru"), ("Иә", "kk"), ("Ừ", "vi"), ("好", "zh"),
    ])
    func detectorTellsRealSentencesApart(_ sample: (text: String, language: String)) {
        #expect(LanguageDetector().detect(sample.text) == sample.language, "\(sample.text)")
    }

    @Test func classifierKnowsVietnameseWithAndWithoutMarksAndChineseWithoutSpaces() throws {
        let url = try #require(ShippedResources.classificationRules)
        let classifier = Classifier(rules: try ClassificationRules.load(from: url))
        #expect(classifier.classify("Tôi quên mật khẩu").category == "Account")
        #expect(classifier.classify("toi quen mat khau").category == "Account")
        #expect(classifier.classify("Máy in không in được, gấp!").category == "Printer")
        #expect(classifier.classify("may in khong in duoc, gap").priority == .high)
        #expect(classifier.classify("Máy in kẹt giấy, không gấp").priority == .low)
        // "khoa" (khóa, lock) is a whole syllable: "khoản" (account) is not a lock.
        #expect(Keyword("khóa", isSyllabic: true).kind == .word)
        #expect(classifier.classify("我的密码忘了").category == "Account")
        #expect(classifier.classify("打印机卡纸了，很紧急").category == "Printer")
        #expect(classifier.classify("打印机卡纸了，很紧急").priority == .high)
        #expect(classifier.classify("打印机卡纸了，不急").priority == .low)
        #expect(classifier.classify("收到可疑的钓鱼邮件").category == "Security")
        #expect(classifier.classify("網速很慢").category == "Network")
        // Russian and Kazakh letters keep their marks: "й" is not "и".
        #expect(KeywordText.fold("Мой ПАРОЛЬ") == "мой пароль" && KeywordText.fold("Ộ đã") == "o da")
    }

    @Test func languageCodesAreNormalized() {
        #expect(LanguageCode.normalized("kz") == "kk")
        #expect(LanguageCode.normalized("en-US") == "en")
        #expect(LanguageCode.normalized("RU") == "ru")
        #expect(LanguageCode.normalized("english!") == nil)
        #expect(LanguageCode.normalized("") == nil)
    }

    @Test func classifierUsesKeywordsOfEveryLanguageAndPriorityWords() throws {
        let url = try #require(ShippedResources.classificationRules)
        let classifier = Classifier(rules: try ClassificationRules.load(from: url))
        #expect(classifier.classify("VPN-ге кіре алмаймын, шұғыл").category == "VPN")
        #expect(classifier.classify("VPN-ге кіре алмаймын, шұғыл").priority == .high)
        #expect(classifier.classify("Принтер не печатает").category == "Printer")
        #expect(classifier.classify("Принтер не печатает").priority == .low)
        #expect(classifier.classify("Забыл пароль").category == "Account")
        #expect(classifier.classify("Outage: everyone lost wifi").priority == .critical)
        #expect(classifier.classify("Нужна новая мышь, не срочно").priority == .low)
        #expect(classifier.classify("Something odd happened").category == "General")
    }

    @Test func modelAnswersStartingWithIDontKnowAreDeclines() {
        #expect(AnswerPrompt.declines("I don't know how to find emergency contacts"))
        #expect(AnswerPrompt.declines("  i do not know."))
        #expect(AnswerPrompt.declines("I don’t know"))
        #expect(!AnswerPrompt.declines("Open the VPN client. I don't know is not the answer."))
    }
}
