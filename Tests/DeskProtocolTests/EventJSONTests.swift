import DeskProtocol
import Domain
import Foundation
import Testing

/// The hand-written event data parses to exactly what JSONEncoder would have written.
struct EventJSONTests {
    private static let awkwardTexts = [
        "plain", "", "quotes \" and \\ backslashes / slashes", "line\nbreak\r\ttab \u{0} \u{8} \u{c} \u{1f}",
        "Привет, 世界 🎉 Làm thế nào", "<script>alert('x')</script> & ;DROP TABLE",
    ]

    /// `json` parsed, next to JSONEncoder's output for `value` parsed.
    private func parsedPair<Value: Encodable>(_ json: String, _ value: Value) throws -> (NSDictionary, NSDictionary) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
        let theirs = try #require(try JSONSerialization.jsonObject(with: try encoder.encode(value)) as? NSDictionary)
        return (ours, theirs)
    }

    @Test(arguments: awkwardTexts)
    func aMessageMatchesJSONEncoder(text: String) throws {
        let message = ChatMessage(
            id: 9_007_199_254_740_993, chatID: "web-\(text)", direction: .outgoing, sender: .bot, text: text,
            createdAt: "2026-11-22T03:00:00Z")
        let (ours, theirs) = try parsedPair(EventJSON.message(message), message)
        #expect(ours == theirs)
    }

    @Test(arguments: awkwardTexts)
    func aTicketMatchesJSONEncoderWithAndWithoutItsOptionals(text: String) throws {
        var ticket = Ticket(
            id: 42, status: .new, category: text, priority: "high", department: "IT \(text)", language: "ru",
            chatID: "123", createdAt: "2026-11-22T03:00:00Z", updatedAt: "2026-11-22T03:00:01Z")
        var (ours, theirs) = try parsedPair(EventJSON.ticket(ticket), ticket)
        #expect(ours == theirs)
        #expect(ours["assignee"] == nil)
        ticket.assignee = text
        ticket.closedBy = "aigerim"
        ticket.closedAt = "2026-11-22T04:00:00Z"
        ticket.status = .closed
        ticket.followsTicketID = 7
        ticket.sessionID = "7a0c…"
        ticket.messages = [
            ChatMessage(id: 1, chatID: "123", direction: .incoming, sender: .user, text: text, createdAt: "t")
        ]
        (ours, theirs) = try parsedPair(EventJSON.ticket(ticket), ticket)
        #expect(ours == theirs)
    }

    @Test func keysAreSortedAsJSONEncoderSortsThem() throws {
        let message = ChatMessage(id: 1, chatID: "c", direction: .incoming, sender: .user, text: "t", createdAt: "d")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(EventJSON.message(message) == String(decoding: try encoder.encode(message), as: UTF8.self))
    }
}
