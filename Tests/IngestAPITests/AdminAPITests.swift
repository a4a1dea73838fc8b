import Foundation
import Testing

/// The admin API: auth, tickets, history, modes, FAQ, the OpenAPI document.
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct AdminAPITests {
    @Test func adminEndpointsRefuseMissingOrWrongTokens() async throws {
        let app = try await TestApp.start()
        for path in ["/api/tickets", "/api/tickets/1", "/api/chats/1/messages", "/api/chats/1/mode", "/api/faq"] {
            #expect(try await app.request("GET", path).status == 401)
            let wrong = try await app.request("GET", path, headers: [(name: "Authorization", value: "Bearer nope")])
            #expect(wrong.status == 401)
            #expect(wrong.bodyText.contains("\"code\":\"unauthorized\""))
        }
        #expect(try await app.request("GET", "/api/tickets", admin: true).status == 200)
        #expect(try await app.request("GET", "/openapi.json").status == 200)
        await app.stop()
    }

    @Test func withoutAConfiguredTokenEveryAdminCallIsRefused() async throws {
        let app = try await TestApp.start(["ADMIN_API_TOKEN": ""])
        #expect(try await app.request("GET", "/api/tickets", admin: true).status == 401)
        #expect(try await app.request("DELETE", "/api/faq/1", admin: true).status == 401)
        #expect(try await app.ingest(["text": "hello"]).status == 200)
        await app.stop()
    }

    @Test func ticketListPagesNewestFirstWithNextBefore() async throws {
        let app = try await TestApp.start()
        var ids: [Int] = []
        for chat in 1...5 {
            ids.append(
                try await app.ingest(["text": "Monitor flickers", "chat_id": "page-\(chat)"]).object["ticket_id"]
                    as? Int ?? 0)
        }
        let first = try await app.json("GET", "/api/tickets?limit=2", admin: true).object
        let firstIDs = (first["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        #expect(firstIDs == [ids[4], ids[3]])
        let before = try #require(first["next_before"] as? Int)
        let second = try await app.json("GET", "/api/tickets?limit=2&before=\(before)", admin: true).object
        #expect((second["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int } == [ids[2], ids[1]])
        let last = try await app.json("GET", "/api/tickets?limit=2&before=\(ids[1])", admin: true).object
        #expect((last["items"] as? [[String: Any]] ?? []).count == 1)
        #expect(last["next_before"] is NSNull)
        let closed = try await app.json("GET", "/api/tickets?status=closed", admin: true).object
        #expect((closed["items"] as? [Any])?.isEmpty == true)
        #expect(try await app.request("GET", "/api/tickets?status=done", admin: true).status == 400)
        #expect(try await app.request("GET", "/api/tickets?limit=0", admin: true).status == 400)
        await app.stop()
    }

    @Test func patchChangesTicketsAndPublishesTicketUpdated() async throws {
        let app = try await TestApp.start()
        let inbox = try await EventInbox(channel: app.eventsChannel)
        let id = try await app.ingest(["text": "Monitor flickers", "chat_id": "600"]).object["ticket_id"] as? Int ?? 0
        let patched = try await app.json(
            "PATCH", "/api/tickets/\(id)", body: #"{"status":"pending","priority":"critical","assignee":"daniyar"}"#,
            admin: true)
        #expect(patched.status == 200)
        #expect(patched.object["status"] as? String == "pending")
        #expect(patched.object["priority"] as? String == "critical")
        #expect(patched.object["assignee"] as? String == "daniyar")
        #expect(await inbox.waitFor("ticket_updated") { $0["status"] as? String == "pending" } != nil)
        let closed = try await app.json("PATCH", "/api/tickets/\(id)", body: #"{"status":"closed"}"#, admin: true)
        #expect(closed.object["closed_by"] as? String == "daniyar")
        #expect(
            try await app.request("PATCH", "/api/tickets/\(id)", body: #"{"status":"gone"}"#, admin: true).status == 400
        )
        #expect(try await app.request("PATCH", "/api/tickets/\(id)", body: "{}", admin: true).status == 400)
        #expect(
            try await app.request("PATCH", "/api/tickets/999999", body: #"{"status":"open"}"#, admin: true).status
                == 404)
        #expect(try await app.request("GET", "/api/tickets/999999", admin: true).status == 404)
        await app.stop()
    }

    @Test func operatorReplyIsStoredAndMovesTheNewTicketToOpen() async throws {
        let app = try await TestApp.start()
        let inbox = try await EventInbox(channel: app.eventsChannel)
        let id = try await app.ingest(["text": "Monitor flickers", "chat_id": "700"]).object["ticket_id"] as? Int ?? 0
        let reply = try await app.json(
            "POST", "/api/chats/700/messages",
            body: #"{"text":"I will bring a new one","sender":"operator","direction":"out"}"#,
            admin: true)
        #expect(reply.status == 201)
        #expect(reply.object["sender"] as? String == "operator")
        #expect(reply.object["direction"] as? String == "out")
        let ticket = try await app.json("GET", "/api/tickets/\(id)", admin: true).object
        #expect(ticket["status"] as? String == "open")
        #expect((ticket["messages"] as? [[String: Any]])?.last?["text"] as? String == "I will bring a new one")
        #expect(await inbox.waitFor("ticket_updated") { $0["status"] as? String == "open" } != nil)
        #expect(await inbox.waitFor("message") { $0["sender"] as? String == "operator" } != nil)
        let mismatch = #"{"text":"x","sender":"user","direction":"out"}"#
        #expect(try await app.request("POST", "/api/chats/700/messages", body: mismatch, admin: true).status == 400)
        await app.stop()
    }

    @Test func modePutSetsTheModeAndPublishesModeChanged() async throws {
        let app = try await TestApp.start()
        let inbox = try await EventInbox(channel: app.eventsChannel)
        let chat = "mode-\(UUID().uuidString.prefix(8))"
        #expect(try await app.json("GET", "/api/chats/\(chat)/mode", admin: true).object["mode"] as? String == "bot")
        let put = try await app.json("PUT", "/api/chats/\(chat)/mode", body: #"{"mode":"operator"}"#, admin: true)
        #expect(put.status == 200)
        #expect(put.object["mode"] as? String == "operator")
        let event = await inbox.waitFor("mode_changed") { $0["chat_id"] as? String == chat }
        #expect((event?["data"] as? [String: Any])?["mode"] as? String == "operator")
        #expect(
            try await app.json("GET", "/api/chats/\(chat)/mode", admin: true).object["mode"] as? String == "operator")
        #expect(
            try await app.request("PUT", "/api/chats/\(chat)/mode", body: #"{"mode":"robot"}"#, admin: true).status
                == 400)
        await app.stop()
    }

    @Test func faqEntriesAreAddedListedMatchedAndDeleted() async throws {
        let app = try await TestApp.start()
        let added = try await app.json(
            "POST", "/api/faq",
            body:
                #"{"question":"How do I book a meeting room?","answer":"Use the Rooms tab in Outlook.","category":"General"}"#,
            admin: true)
        #expect(added.status == 201)
        #expect(added.object["language"] as? String == "en")
        let id = try #require(added.object["id"] as? Int)
        let answer = try await app.ingest(["text": "How do I book a meeting room?"]).object
        #expect(answer["answer"] as? String == "Use the Rooms tab in Outlook.")
        let list = try await app.json("GET", "/api/faq?language=en&limit=200", admin: true).object
        #expect((list["items"] as? [[String: Any]] ?? []).contains { $0["id"] as? Int == id })
        #expect(try await app.request("DELETE", "/api/faq/\(id)", admin: true).status == 204)
        #expect(try await app.request("DELETE", "/api/faq/\(id)", admin: true).status == 404)
        #expect(try await app.ingest(["text": "How do I book a meeting room?"]).object["status"] as? String == "new")
        await app.stop()
    }

    @Test func openAPIDocumentDescribesEveryRoute() async throws {
        let app = try await TestApp.start()
        let document = try await app.json("GET", "/openapi.json").object
        #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        let expected: [String: Set<String>] = [
            "/api/ingest": ["post"], "/api/tickets": ["get"], "/api/tickets/{id}": ["get", "patch"],
            "/api/chats/{chat_id}/messages": ["get", "post"], "/api/chats/{chat_id}/mode": ["get", "put"],
            "/api/faq": ["get", "post"], "/api/faq/{id}": ["delete"], "/openapi.json": ["get"],
        ]
        for (path, methods) in expected {
            let described = Set((paths[path] ?? [:]).keys)
            #expect(described.isSuperset(of: methods), "\(path)")
        }
        await app.stop()
    }
}
