import Catalog
import Domain
import TelegramBotAPI
import Testing

@testable import TelegramGateway

/// Escaping, splitting and the catalogue, without servers.
struct TextTests {
    @Test func escapingRoundTripsThroughThePlainText() {
        let text = #"a < b && "c" > d <b>x</b> &amp;"#
        #expect(HTMLText.plainText(fromHTML: HTMLText.escape(text)) == text)
        #expect(HTMLText.plainText(fromHTML: "<b>bold</b> &#60;3 &#x26;") == "bold <3 &")
    }

    @Test func splittingPrefersLineBreaksAndKeepsEveryCharacter() {
        let text = (1...300).map { "line \($0) 🙂" }.joined(separator: "\n")
        let parts = MessageSplitter.split(text, limit: 500)
        #expect(parts.joined() == text)
        #expect(parts.allSatisfy { $0.utf16.count <= 500 })
        #expect(parts.dropLast().allSatisfy { $0.hasSuffix("\n") })
    }

    @Test func splittingNeverCutsInsideATagOrAnEntity() {
        let unit = "<b>x</b>&amp;"
        let text = String(repeating: unit, count: 200)
        for limit in 16...40 {
            let parts = MessageSplitter.split(text, limit: limit, isHTML: true)
            #expect(parts.joined() == text)
            #expect(parts.allSatisfy { !$0.hasSuffix("<") && !$0.hasSuffix("&am") && $0.utf16.count <= limit })
            #expect(parts.allSatisfy { $0.filter { $0 == "<" }.count == $0.filter { $0 == ">" }.count })
        }
    }

    @Test func aTextWithoutSpacesIsCutAtTheLimit() {
        let parts = MessageSplitter.split(String(repeating: "x", count: 9000))
        #expect(parts.map(\.count) == [4096, 4096, 808])
    }

    @Test func languagesAreChosenFromTheCode() {
        #expect(Language(code: "ru-RU") == .ru && Language(code: "kk") == .kk && Language(code: "vi") == .vi)
        #expect(Language(code: "en-GB") == .en && Language(code: nil) == nil && Language(code: "de") == nil)
        #expect(
            Texts.operatorButtons == [
                "Connect/disconnect operator", "Подключить/отключить оператора", "Операторды қосу/ажырату",
                "Kết nối/ngắt kết nối nhân viên", "连接/断开人工客服",
            ])
    }

    @Test func answersAreWordedAsTheContractSays() {
        let faq = IngestResponse(
            status: .closedAuto, answer: "A & B", similarityScore: 0.915, language: "en", sessionID: "s", messageID: 1
        )
        #expect(BotAnswerer.text(for: faq) == "🤖 Automatic answer:\nA &amp; B\n(Confidence: 92%)")
        let odd = IngestResponse(status: .new, language: "en", sessionID: "s", messageID: 1)
        #expect(BotAnswerer.text(for: odd) == nil)
        #expect(
            Texts.of(.en).forwardedMessage(chatID: "5", name: "Ann", text: "hi") == "Message from user 5 (Ann):\nhi")
    }
}
