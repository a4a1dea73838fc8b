import Foundation
import TestSupport
import Testing

@testable import IngestAPI

/// CONTRACT §3 on who may write where (issue 15, items 1 and 2): `POST /api/ingest` is open,
/// but a caller without `INTERNAL_API_TOKEN` writes only to `api` chats, and idempotency
/// keys belong to their caller and chat.
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct OutsiderTests {
    /// `POST /api/ingest` with `fields`, as an outsider or as the desk, with an optional key.
    private func ingest(
        _ app: TestApp, _ fields: [String: Any], outsider: Bool, key: String? = nil
    ) async throws -> (status: Int, object: [String: Any]) {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
        let headers = key.map { [(name: "Idempotency-Key", value: $0)] } ?? []
        let response = try await app.request("POST", "/api/ingest", body: body, outsider: outsider, headers: headers)
        return (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:])
    }

    /// The texts of a chat's history, oldest first.
    private func texts(_ app: TestApp, _ chatID: String) async throws -> [String] {
        let page = try await app.json("GET", "/api/chats/\(chatID)/messages", admin: true).object
        return (page["items"] as? [[String: Any]] ?? []).reversed().compactMap { $0["text"] as? String }
    }

    @Test func anOutsiderCannotWriteToATelegramOrWebChat() async throws {
        let app = try await TestApp.start()
        defer { Task { await app.stop() } }
        // A Telegram user's chat, as the gateway writes it.
        let real = try await ingest(
            app, ["text": "How do I reset my password?", "channel": "telegram", "chat_id": "700100",
                  "user": ["id": "700100", "first_name": "Ivan"]], outsider: false)
        #expect(real.status == 200)
        for forged: [String: Any] in [
            ["text": "I resign, effective today", "channel": "telegram", "chat_id": "700100"],
            ["text": "I resign, effective today", "chat_id": "700100"],
            ["text": "I resign, effective today", "chat_id": "700200"],  // not yet seen: still Telegram's
            ["text": "I resign, effective today", "chat_id": "web-5d1c"],
            ["text": "I resign, effective today", "channel": "web"],
        ] {
            let answer = try await ingest(app, forged, outsider: true)
            #expect(answer.status == 403, "\(forged)")
            #expect((answer.object["error"] as? [String: Any])?["code"] as? String == "forbidden")
        }
        #expect(try await texts(app, "700100").contains("I resign, effective today") == false)
        #expect(try await texts(app, "700200").isEmpty)
    }

    @Test func anOutsiderWritesToApiChatsAndItsUserIsNeverTheTelegramUser() async throws {
        let app = try await TestApp.start()
        defer { Task { await app.stop() } }
        let own = try await ingest(app, ["text": "Where is the cafeteria?", "chat_id": "crm-42"], outsider: true)
        #expect(own.status == 200)
        #expect(try await texts(app, "crm-42").first == "Where is the cafeteria?")
        // The user's id names a Telegram user; without a chat id the outsider's message
        // goes to an api chat of that id, not to the Telegram user's private chat.
        let named = try await ingest(
            app, ["text": "Where is the cafeteria?", "user": ["id": "700300", "first_name": "Forged"]], outsider: true)
        #expect(named.status == 200)
        #expect(try await texts(app, "700300").isEmpty)
        #expect(try await texts(app, "api-700300").first == "Where is the cafeteria?")
    }

    @Test func aKeyIsScopedToItsCallerAndChatAndAnotherBodyIsRefused() async throws {
        let app = try await TestApp.start()
        defer { Task { await app.stop() } }
        // The gateway's keys are predictable (bot id and update id).
        let key = "telegram-update:1:555"
        let desk = try await ingest(
            app, ["text": "How do I reset my password?", "channel": "telegram", "chat_id": "700400"], outsider: false,
            key: key)
        #expect(desk.status == 200 && desk.object["status"] as? String == "closed_auto")
        // An outsider with the same key does not get the desk's answer (nor its session).
        let outsider = try await ingest(app, ["text": "My printer is jammed", "chat_id": "crm-7"], outsider: true, key: key)
        #expect(outsider.status == 200)
        #expect(outsider.object["session_id"] as? String != desk.object["session_id"] as? String)
        #expect(outsider.object["message_id"] as? Int != desk.object["message_id"] as? Int)
        // The same key and body again: the first answer; another body: 422.
        let again = try await ingest(
            app, ["text": "How do I reset my password?", "channel": "telegram", "chat_id": "700400"], outsider: false,
            key: key)
        #expect(NSDictionary(dictionary: again.object) == NSDictionary(dictionary: desk.object))
        let other = try await ingest(
            app, ["text": "Something else entirely", "channel": "telegram", "chat_id": "700400"], outsider: false,
            key: key)
        #expect(other.status == 422)
        #expect((other.object["error"] as? [String: Any])?["code"] as? String == "idempotency_key_reused")
        // The same key in another chat is another request.
        let otherChat = try await ingest(
            app, ["text": "How do I reset my password?", "channel": "telegram", "chat_id": "700401"], outsider: false,
            key: key)
        #expect(otherChat.status == 200)
        #expect(otherChat.object["message_id"] as? Int != desk.object["message_id"] as? Int)
        #expect(try await texts(app, "700400").count == 2, "the question and its answer, once")
    }
}
