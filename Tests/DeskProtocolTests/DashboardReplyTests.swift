import DeskProtocol
import Testing

/// The dashboard-reply entry as notify-hub writes it and operator-relay reads it.
struct DashboardReplyTests {
    @Test func anEntryIsReadBackFromTheFieldsItIsWrittenAs() {
        let reply = DashboardReply(chatID: "web-1", text: "Hello from the desk")
        #expect(reply.fields.map(\.name) == ["chat_id", "text", "source"])
        #expect(reply.fields.map(\.value) == ["web-1", "Hello from the desk", "dashboard"])
        let read = DashboardReply(fields: Dictionary(uniqueKeysWithValues: reply.fields.map { ($0.name, $0.value) }))
        #expect(read == reply)
    }

    @Test func anEntryWithoutAChatOrATextIsNoReply() {
        #expect(DashboardReply(fields: ["text": "hi"]) == nil)
        #expect(DashboardReply(fields: ["chat_id": "", "text": "hi"]) == nil)
        #expect(DashboardReply(fields: ["chat_id": "1"]) == nil)
        #expect(DashboardReply(fields: ["chat_id": "1", "text": ""]) == DashboardReply(chatID: "1", text: ""))
    }
}
