import Foundation
import TestSupport
import Testing

@testable import IngestAPI

/// `Idempotency-Key` on POST /api/ingest: a repeated question is stored and answered once,
/// and the repeat gets the first answer — sequentially, concurrently, with or without a
/// model, streamed or not.
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct IdempotencyTests {
    /// `POST /api/ingest` with `fields` and an Idempotency-Key.
    private func ingest(
        _ app: TestApp, _ fields: [String: Any], key: String, path: String = "/api/ingest"
    ) async throws -> (status: Int, text: String, object: [String: Any]) {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
        let response = try await app.request("POST", path, body: body, headers: [(name: "Idempotency-Key", value: key)])
        let text = String(decoding: response.body, as: UTF8.self)
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, text, object)
    }

    /// The chat's stored messages, oldest first.
    private func history(_ app: TestApp, _ chatID: String) async throws -> [[String: Any]] {
        let page = try await app.json("GET", "/api/chats/\(chatID)/messages", admin: true).object
        return (page["items"] as? [[String: Any]] ?? []).reversed()
    }

    @Test func aRepeatedAnsweredQuestionIsStoredOnceAndGetsTheSameAnswer() async throws {
        let app = try await TestApp.start()
        let inbox = try await EventInbox(channel: app.eventsChannel)
        let fields: [String: Any] = ["text": "How do I reset my password?", "chat_id": "idem-1"]
        let first = try await ingest(app, fields, key: "tg:1:1001")
        let again = try await ingest(app, fields, key: "tg:1:1001")
        #expect(first.status == 200 && again.status == 200)
        #expect(first.object["status"] as? String == "closed_auto")
        #expect(NSDictionary(dictionary: again.object) == NSDictionary(dictionary: first.object))
        #expect(try await history(app, "idem-1").map { $0["sender"] as? String } == ["user", "bot"])
        // Only the first published its two messages.
        _ = await inbox.waitFor("message") { $0["sender"] as? String == "bot" }
        try await Task.sleep(for: .milliseconds(200))
        #expect(inbox.events(ofType: "message").count == 2)
        // Another key is another question.
        let other = try await ingest(app, fields, key: "tg:1:1002")
        #expect(other.object["message_id"] as? Int != first.object["message_id"] as? Int)
        await app.stop()
    }

    @Test func aRepeatedUnansweredQuestionOpensOneTicket() async throws {
        let app = try await TestApp.start()
        let fields: [String: Any] = ["text": "The plotter on floor 3 prints stripes", "chat_id": "idem-2"]
        let first = try await ingest(app, fields, key: "web-idem-2-1")
        let again = try await ingest(app, fields, key: "web-idem-2-1")
        #expect(first.object["status"] as? String == "new")
        #expect(again.object["ticket_id"] as? Int == first.object["ticket_id"] as? Int)
        #expect(again.object["message_id"] as? Int == first.object["message_id"] as? Int)
        #expect(try await history(app, "idem-2").count == 1)
        await app.stop()
    }

    @Test func concurrentRepeatsWaitForTheFirstAndGetItsAnswer() async throws {
        let app = try await TestApp.start()
        let fields: [String: Any] = ["text": "Printer says paper jam but there is none", "chat_id": "idem-3"]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
        let answers = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let response = try await app.request(
                        "POST", "/api/ingest", body: body, headers: [(name: "Idempotency-Key", value: "burst-key")])
                    let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
                    return [response.status, object?["message_id"] as? Int ?? -1, object?["ticket_id"] as? Int ?? -1]
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0[0] == 200 })
        #expect(Set(answers.map { $0[1] }).count == 1)
        #expect(Set(answers.map { $0[2] }).count == 1)
        #expect(try await history(app, "idem-3").count == 1)
        await app.stop()
    }

    @Test func badKeysAreRefusedWithA400() async throws {
        let app = try await TestApp.start()
        let fields: [String: Any] = ["text": "hello", "chat_id": "idem-4"]
        for key in [String(repeating: "k", count: 201), "with space", "ключ"] {
            let response = try await ingest(app, fields, key: key)
            #expect(response.status == 400)
            #expect(response.text.contains("Idempotency-Key"))
        }
        #expect(try await history(app, "idem-4").isEmpty)
        await app.stop()
    }

    @Test func withAModelTheRepeatGetsTheFirstAnswerWithoutAskingTheModelAgain() async throws {
        let standIn = try ModelStandIn()
        let app = try await TestApp.start(ModelTests.settings(standIn))
        let fields: [String: Any] = ["text": "Where is the cafeteria?", "chat_id": "idem-5"]
        let first = try await ingest(app, fields, key: "model-key")
        let again = try await ingest(app, fields, key: "model-key")
        #expect(first.object["source"] as? String == "llm")
        #expect(NSDictionary(dictionary: again.object) == NSDictionary(dictionary: first.object))
        #expect(standIn.requestBodies.count == 1)
        #expect(try await history(app, "idem-5").count == 2)
        // The streamed form replays it too: the answer as one delta, then the same result.
        let streamed = try await ingest(app, fields, key: "model-key", path: "/api/ingest/stream")
        #expect(streamed.text.hasPrefix("event: delta\ndata: {\"text\":\"Answer: Where is the cafeteria?\"}"))
        #expect(streamed.text.contains("event: result"))
        #expect(streamed.text.contains("\"message_id\":\(first.object["message_id"] as? Int ?? -1)"))
        #expect(standIn.requestBodies.count == 1)
        await app.stop()
        await standIn.stop()
    }

    @Test func aRepeatWhileTheModelIsStillAnsweringGets409() async throws {
        let standIn = try ModelStandIn()
        let app = try await TestApp.start(ModelTests.settings(standIn))
        let fields: [String: Any] = ["text": "A slow question about the canteen", "chat_id": "idem-6"]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
        let first = Task {
            let response = try await app.request(
                "POST", "/api/ingest", body: body, headers: [(name: "Idempotency-Key", value: "slow-key")])
            let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
            return (status: response.status, messageID: object?["message_id"] as? Int)
        }
        let claimed = await eventually(timeout: .seconds(3)) { standIn.requestBodies.count == 1 }
        #expect(claimed)
        let repeated = try await ingest(app, fields, key: "slow-key")
        #expect(repeated.status == 409)
        #expect(repeated.object["error"].flatMap { ($0 as? [String: Any])?["code"] as? String } == "in_progress")
        let answered = try await first.value
        #expect(answered.status == 200)
        // Once answered, the repeat gets the answer.
        let later = try await ingest(app, fields, key: "slow-key")
        #expect(later.object["message_id"] as? Int == answered.messageID)
        await app.stop()
        await standIn.stop()
    }
}
