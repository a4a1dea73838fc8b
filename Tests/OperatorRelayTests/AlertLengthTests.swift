import DeskProtocol
import Domain
import Foundation
import Testing

@testable import OperatorRelay

/// Issue 15, item 6: an alert stays one readable Telegram message whatever the event carries.
struct AlertLengthTests {
    @Test func anAlertCarriesAtMostAThousandCharactersOfTheQuestionAndTheAnswer() {
        let session = NewSessionData(
            sessionID: "s", userID: "web-1", message: String(repeating: "<", count: 60_000),
            response: String(repeating: "r", count: 5_000), firstName: String(repeating: "N", count: 1_000),
            lastName: nil, username: nil, createdAt: "2026-01-01 00:00:00")
        let text = AdminAlerts.text(session)
        // Cut before escaping: 999 characters and "…", each "<" escaped as a whole entity.
        #expect(text.contains("Question: " + String(repeating: "&lt;", count: 999) + "…\n"))
        #expect(text.contains("Current answer: " + String(repeating: "r", count: 999) + "…"))
        #expect(text.contains("From: " + String(repeating: "N", count: 199) + "…\n"))
        // One Telegram message (4,096 characters as shown, entities counting one), where the
        // 60,000 would have been fifteen.
        #expect(text.replacingOccurrences(of: "&lt;", with: "<").count < 4_096)
    }

    @Test func aShortQuestionIsNotTouched() {
        #expect(MessageLimits.cut("hello") == "hello")
        #expect(MessageLimits.cut(String(repeating: "a", count: 1_000)) == String(repeating: "a", count: 1_000))
        #expect(MessageLimits.cut(String(repeating: "a", count: 1_001)).unicodeScalars.count == 1_000)
    }
}
