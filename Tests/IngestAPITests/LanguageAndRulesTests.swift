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
