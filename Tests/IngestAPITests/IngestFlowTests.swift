import Foundation
import Testing

/// POST /api/ingest against real PostgreSQL and Redis: FAQ answers, tickets, sessions, events.
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct IngestFlowTests {
    @Test func faqAnswersQuestionsInRussianEnglishAndKazakh() async throws {
        let app = try await TestApp.start()
        let questions = [
            ("Как подключиться к VPN?", "ru", "VPN"), ("How do I reset my password?", "en", "password"),
            ("Құпиясөзді қалай қалпына келтіремін?", "kk", "password"),
        ]
        for (text, language, answerWord) in questions {
            let (status, body) = try await app.ingest(["text": text, "chat_id": "faq-\(language)"])
            #expect(status == 200)
            #expect(body["status"] as? String == "closed_auto")
            #expect(body["source"] as? String == "faq")
            #expect(body["language"] as? String == language)
            #expect((body["similarity_score"] as? Double ?? 0) >= 0.75)
            #expect((body["answer"] as? String ?? "").contains(answerWord))
            #expect((body["message_id"] as? Int ?? 0) > 0)
            #expect(UUID(uuidString: body["session_id"] as? String ?? "") != nil)
        }
        await app.stop()
    }

    @Test func unknownQuestionOpensTicketClassifiedByTheRulesFile() async throws {
        let app = try await TestApp.start()
        let (status, body) = try await app.ingest(["text": "Срочно! Токен VPN выдаёт ошибку 809", "chat_id": "100"])
        #expect(status == 200)
        #expect(body["status"] as? String == "new")
        #expect(body["category"] as? String == "VPN")
        #expect(body["priority"] as? String == "high")
        #expect(body["department"] as? String == "IT_Infrastructure")
        #expect(body["language"] as? String == "ru")
        #expect((body["ticket_id"] as? Int ?? 0) > 0)
        await app.stop()
    }

    @Test func secondUnansweredQuestionJoinsTheSameTicketAndSession() async throws {
        let app = try await TestApp.start()
        let first = try await app.ingest(["text": "Monitor flickers all day", "chat_id": "200"]).object
        let second = try await app.ingest(["text": "The keyboard is broken too, urgent", "chat_id": "200"]).object
        #expect(first["ticket_id"] as? Int != nil)
        #expect(first["ticket_id"] as? Int == second["ticket_id"] as? Int)
        #expect(first["session_id"] as? String == second["session_id"] as? String)
        // The urgent follow-up raised the ticket's priority.
        #expect(second["priority"] as? String == "high")
        let ticket = try await app.json("GET", "/api/tickets/\(first["ticket_id"] as? Int ?? 0)", admin: true).object
        let messages = ticket["messages"] as? [[String: Any]] ?? []
        #expect(
            messages.map { $0["text"] as? String } == [
                "Monitor flickers all day", "The keyboard is broken too, urgent",
            ])
        await app.stop()
    }

    @Test func questionAfterClosingOpensFollowUpTicketInNewSession() async throws {
        let app = try await TestApp.start()
        let first = try await app.ingest(["text": "Monitor flickers all day", "chat_id": "300"]).object
        let ticketID = first["ticket_id"] as? Int ?? 0
        let closed = try await app.json(
            "PATCH", "/api/tickets/\(ticketID)", body: #"{"status":"closed","closed_by":"aigerim"}"#, admin: true)
        #expect(closed.status == 200)
        #expect(closed.object["closed_by"] as? String == "aigerim")
        #expect(closed.object["closed_at"] as? String != nil)
        let next = try await app.ingest(["text": "Monitor flickers again", "chat_id": "300"]).object
        let nextID = next["ticket_id"] as? Int ?? 0
        #expect(nextID != ticketID)
        #expect(next["session_id"] as? String != first["session_id"] as? String)
        let followUp = try await app.json("GET", "/api/tickets/\(nextID)", admin: true).object
        #expect(followUp["follows_ticket_id"] as? Int == ticketID)
        #expect(followUp["status"] as? String == "new")
        await app.stop()
    }

    @Test func newTicketPublishesNewSessionInTheOriginalShapeAndTicketCreated() async throws {
        let app = try await TestApp.start()
        let inbox = try await EventInbox(channel: app.eventsChannel)
        let user: [String: Any] = ["id": "777", "first_name": "Nguyễn", "last_name": "Văn A", "username": "nguyenvana"]
        let text = "Làm thế nào để tìm thông tin liên hệ khẩn cấp?"
        let body = try await app.ingest(["text": text, "chat_id": "777", "user": user]).object
        #expect(body["language"] as? String == "vi")
        let event = try #require(await inbox.waitFor("new_session"))
        let data = try #require(event["data"] as? [String: Any])
        #expect(
            Set(data.keys)
                == [
                    "session_id", "user_id", "message", "response", "first_name", "last_name", "username", "created_at",
                    "action", "factor",
                ])
        #expect(data["session_id"] as? String == body["session_id"] as? String)
        #expect(data["user_id"] as? String == "777")
        #expect(data["message"] as? String == text)
        #expect(data["first_name"] as? String == "Nguyễn")
        #expect(data["action"] as? String == "asking_freely")
        #expect(data["factor"] as? String == "user")
        #expect((event["id"] as? String).flatMap(Int.init) != nil)
        let created = await inbox.waitFor("ticket_created") { $0["id"] as? Int == body["ticket_id"] as? Int }
        #expect(created != nil)
        let message = await inbox.waitFor("message") { $0["id"] as? Int == body["message_id"] as? Int }
        #expect(message?["data"].flatMap { ($0 as? [String: Any])?["text"] as? String } == text)
        await app.stop()
    }

    @Test func answeredQuestionStoresBothMessagesAndPublishesThem() async throws {
        let app = try await TestApp.start()
        let inbox = try await EventInbox(channel: app.eventsChannel)
        let body = try await app.ingest(["text": "How do I reset my password?", "chat_id": "400"]).object
        let history = try await app.json("GET", "/api/chats/400/messages", admin: true).object
        let items = history["items"] as? [[String: Any]] ?? []
        #expect(items.map { $0["sender"] as? String } == ["bot", "user"])
        #expect(items.last?["id"] as? Int == body["message_id"] as? Int)
        #expect(await inbox.waitFor("message") { $0["sender"] as? String == "bot" } != nil)
        #expect(await inbox.waitFor("message") { $0["sender"] as? String == "user" } != nil)
        #expect(inbox.events(ofType: "new_session").isEmpty)
        await app.stop()
    }

    @Test func aNearMissTellsOperatorsHowCloseTheFAQCameAndEventsKeepTheirOrder() async throws {
        let app = try await TestApp.start()
        let inbox = try await EventInbox(channel: app.eventsChannel)
        // Shares "password" with a FAQ entry, but not enough to answer.
        let body = try await app.ingest(["text": "Password manager vanished", "chat_id": "410"])
            .object
        #expect(body["status"] as? String == "new")
        let session = try #require(await inbox.waitFor("new_session"))
        let reason = try #require((session["data"] as? [String: Any])?["response"] as? String)
        #expect(reason.wholeMatch(of: /No confident answer \(best FAQ match \d\d%\)\./) != nil)
        let created = try #require(await inbox.waitFor("ticket_created") { $0["id"] as? Int == body["ticket_id"] as? Int })
        let question = try #require(await inbox.waitFor("message") { $0["id"] as? Int == body["message_id"] as? Int })
        // The question, then new_session, then ticket_created, with consecutive ids.
        let ids = try [question, session, created].map { try #require(($0["id"] as? String).flatMap(Int.init)) }
        #expect(ids == [ids[0], ids[0] + 1, ids[0] + 2])
        // Nothing near at all: the reason says so.
        _ = try await app.ingest(["text": "Qwertyuiop zxcvbnm asdfghjkl", "chat_id": "411"])
        let far = await inbox.waitFor("new_session") { $0["user_id"] as? String == "411" }
        #expect((far?["data"] as? [String: Any])?["response"] as? String == "No FAQ entry matches.")
        await app.stop()
    }

    @Test func textsWithSQLAndHTMLAreStoredAndReturnedVerbatim() async throws {
        let app = try await TestApp.start()
        let text = "'); DROP TABLE messages; -- <script>alert(\"x\")</script> \\ 😀"
        let body = try await app.ingest(["text": text, "chat_id": "web-abc"]).object
        #expect(body["message_id"] as? Int != nil)
        let history = try await app.json("GET", "/api/chats/web-abc/messages", admin: true).object
        let items = history["items"] as? [[String: Any]] ?? []
        #expect(items.contains { $0["text"] as? String == text })
        await app.stop()
    }

    @Test func chatIDDefaultsToTheUserAndLanguageCodeKzMeansKazakh() async throws {
        let app = try await TestApp.start()
        let body = try await app.ingest(["text": "hello there", "language": "kz", "user": ["id": "555"]]).object
        #expect(body["language"] as? String == "kk")
        let history = try await app.json("GET", "/api/chats/555/messages", admin: true).object
        #expect((history["items"] as? [Any])?.count == 1)
        await app.stop()
    }
}
