import DeskProtocol
import Domain
import Foundation
import Testing

/// The events of CONTRACT §5 as both sides read and write them: encode → decode gives the
/// event back, and the contract's own example decodes to its fields.
struct DeskEventTests {
    /// CONTRACT §5's example, with the top-level id the suite adds.
    static let contractExample = """
        {"type": "new_session", "id": "17", "timestamp": "2023-04-15 22:30:45",
         "data": {"session_id": "123e4567-e89b-12d3-a456-426614174000", "user_id": "12345678",
                  "message": "Làm thế nào để tìm thông tin liên hệ khẩn cấp?",
                  "response": "I don't know how to find emergency contacts",
                  "first_name": "Nguyễn", "last_name": "Văn A", "username": "nguyenvana",
                  "created_at": "2023-04-15 22:30:45", "action": "asking_freely", "factor": "user"}}
        """

    static let session = NewSessionData(
        sessionID: "123e4567-e89b-12d3-a456-426614174000", userID: "12345678",
        message: "Làm thế nào để tìm thông tin liên hệ khẩn cấp?",
        response: "I don't know how to find emergency contacts", firstName: "Nguyễn", lastName: "Văn A",
        username: "nguyenvana", createdAt: "2023-04-15 22:30:45")

    static let message = ChatMessage(
        id: 9, chatID: "web-1", direction: .incoming, sender: .user, text: "a \"quoted\" / text\n", createdAt: "t")

    static var ticket: Ticket {
        var ticket = Ticket(
            id: 42, status: .new, category: "IT", priority: "high", department: "IT", language: "ru", chatID: "123",
            createdAt: "2026-11-22T03:00:00Z", updatedAt: "2026-11-22T03:00:01Z")
        ticket.sessionID = "s-1"
        return ticket
    }

    /// One event of each kind.
    static let everyKind: [DeskEvent] = [
        .message(message), .ticketCreated(ticket), .ticketUpdated(ticket), .newSession(session),
        .modeChanged(ModeChangedData(chatID: "web-1", mode: .operator)), .broadcast(BroadcastData(message: "hi")),
    ]

    @Test func theContractsNewSessionExampleDecodesToItsFields() {
        #expect(DeskEvent.decode(Self.contractExample) == .newSession(Self.session))
    }

    @Test(arguments: everyKind)
    func everyEventComesBackFromTheTextItTravelsAs(event: DeskEvent) throws {
        let json = EventEnvelope.json(
            type: event.type, id: 5, dataJSON: try event.dataJSON(), timestamp: "2023-04-15 22:30:45")
        #expect(DeskEvent.decode(json) == event)
        let frame = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(frame.keys) == ["type", "id", "timestamp", "data"])
        #expect(frame["type"] as? String == event.kind.rawValue)
        #expect(frame["id"] as? String == "5")
        #expect(frame["timestamp"] as? String == "2023-04-15 22:30:45")
    }

    @Test func theFrameIsWrittenInTheOrderThePublishersAlwaysWrote() throws {
        let event = DeskEvent.modeChanged(ModeChangedData(chatID: "12345", mode: .bot))
        let json = EventEnvelope.json(
            type: event.type, id: 3, dataJSON: try event.dataJSON(), timestamp: "2026-01-01 00:00:00")
        #expect(
            json == #"{"type":"mode_changed","id":"3","timestamp":"2026-01-01 00:00:00","#
                + #""data":{"chat_id":"12345","mode":"bot"}}"#)
    }

    @Test func aNewSessionWritesEveryKeySortedAndNullWhenUnknownAsTheAdminBotDid() throws {
        var session = Self.session
        session.lastName = nil
        session.username = nil
        #expect(
            try DeskEvent.newSession(session).dataJSON()
                == #"{"action":"asking_freely","created_at":"2023-04-15 22:30:45","factor":"user","first_name":"Nguyễn","#
                + #""last_name":null,"message":"Làm thế nào để tìm thông tin liên hệ khẩn cấp?","#
                + #""response":"I don't know how to find emergency contacts","#
                + #""session_id":"123e4567-e89b-12d3-a456-426614174000","user_id":"12345678","username":null}"#)
    }

    @Test func modeChangesAndBroadcastsHaveTheContractsData() throws {
        #expect(
            try DeskEvent.modeChanged(ModeChangedData(chatID: "web-1", mode: .operator)).dataJSON()
                == #"{"chat_id":"web-1","mode":"operator"}"#)
        #expect(try DeskEvent.broadcast(BroadcastData(message: "a/b")).dataJSON() == #"{"message":"a/b"}"#)
    }

    @Test func aTicketUpdateLeavesTheMessagesOut() throws {
        var ticket = Self.ticket
        ticket.messages = [Self.message]
        let withMessages = try DeskEvent.ticketCreated(ticket).dataJSON()
        let update = try DeskEvent.ticketUpdated(ticket).dataJSON()
        #expect(withMessages.contains("\"messages\":["))
        #expect(!update.contains("messages"))
        var bare = ticket
        bare.messages = nil
        let json = EventEnvelope.json(type: "ticket_updated", id: 1, dataJSON: update, timestamp: "t")
        #expect(DeskEvent.decode(json) == .ticketUpdated(bare))
    }

    @Test func aNewSessionMissingFieldsStillReadsSoTheAlertGoesOut() {
        let json = #"{"type":"new_session","id":"2","timestamp":"t","data":{"message":"help","first_name":null}}"#
        let event = DeskEvent.decode(json)
        guard case .newSession(let session) = event else {
            Issue.record("not a new_session: \(String(describing: event))")
            return
        }
        #expect(session.message == "help" && session.userID.isEmpty && session.sessionID.isEmpty)
        #expect(session.firstName == nil && session.action == "asking_freely" && session.factor == "user")
        #expect(session.user == ChatUser())
    }

    @Test func textsThatAreNotOurEventsDecodeToNothing() {
        #expect(DeskEvent.decode("not json") == nil)
        #expect(DeskEvent.decode(#"{"type":"order_shipped","id":"1","data":{}}"#) == nil)
        #expect(DeskEvent.decode(#"{"type":"mode_changed","id":"1","data":{"chat_id":"1","mode":"sleep"}}"#) == nil)
        #expect(DeskEvent.decode(#"{"type":"message","id":"1","data":{"text":"no id"}}"#) == nil)
        #expect(EventEnvelope.type(of: #"{"type":"order_shipped"}"#) == "order_shipped")
        #expect(EventEnvelope.type(of: "[1]") == nil)
    }

    @Test func everyKindIsNamedAsTheContractNamesIt() {
        #expect(
            DeskEvent.Kind.allCases.map(\.rawValue)
                == ["message", "ticket_created", "ticket_updated", "new_session", "mode_changed", "broadcast"])
    }

    @Test func timestampsAreTheContractsFormatInUTC() {
        #expect(EventTimestamp.format(secondsSinceEpoch: 1_681_597_845) == "2023-04-15 22:30:45")
        #expect(EventTimestamp.format(secondsSinceEpoch: 0) == "1970-01-01 00:00:00")
    }
}
