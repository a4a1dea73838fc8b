import Foundation
import Testing

/// `POST /api/ingest/stream`: the answer as server-sent events (for notify-hub).
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct StreamingIngestTests {
    /// The (event, data) pairs of an event-stream body.
    static func events(_ body: String) -> [(String, [String: Any])] {
        body.components(separatedBy: "\n\n").compactMap { block in
            let lines = block.split(separator: "\n")
            guard let name = lines.first(where: { $0.hasPrefix("event: ") })?.dropFirst(7),
                let data = lines.first(where: { $0.hasPrefix("data: ") })?.dropFirst(6),
                let object = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any]
            else { return nil }
            return (String(name), object)
        }
    }

    @Test func modelAnswerStreamsPieceByPieceThenTheResult() async throws {
        let standIn = try ModelStandIn()
        let app = try await TestApp.start(ModelTests.settings(standIn))
        let response = try await app.request(
            "POST", "/api/ingest/stream", body: #"{"text":"Where is the cafeteria?","chat_id":"s-1"}"#)
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/event-stream")
        let events = Self.events(response.bodyText)
        let deltas = events.filter { $0.0 == "delta" }.compactMap { $0.1["text"] as? String }
        #expect(deltas.count > 1)
        #expect(deltas.joined() == "Answer: Where is the cafeteria?")
        let result = try #require(events.last)
        #expect(result.0 == "result")
        #expect(result.1["status"] as? String == "closed_auto")
        #expect(result.1["source"] as? String == "llm")
        #expect(result.1["answer"] as? String == "Answer: Where is the cafeteria?")
        await app.stop()
        await standIn.stop()
    }

    @Test func decliningModelAnswerIsNeverShownAndEscalates() async throws {
        let standIn = try ModelStandIn()
        let app = try await TestApp.start(ModelTests.settings(standIn))
        let response = try await app.request(
            "POST", "/api/ingest/stream", body: #"{"text":"Something unknown","chat_id":"s-2"}"#)
        let events = Self.events(response.bodyText)
        #expect(events.filter { $0.0 == "delta" }.isEmpty)
        #expect(events.last?.1["status"] as? String == "new")
        await app.stop()
        await standIn.stop()
    }

    @Test func faqAnswerStreamsAsOneDeltaAndBadInputIsPlainJSON() async throws {
        let app = try await TestApp.start()
        let response = try await app.request(
            "POST", "/api/ingest/stream", body: #"{"text":"How do I reset my password?"}"#)
        let events = Self.events(response.bodyText)
        #expect(events.map(\.0) == ["delta", "result"])
        #expect(events.last?.1["source"] as? String == "faq")
        let accepting = try await app.request(
            "POST", "/api/ingest", body: #"{"text":"How do I reset my password?"}"#,
            headers: [(name: "Accept", value: "text/event-stream, application/json;q=0.9")])
        #expect(accepting.header("Content-Type") == "text/event-stream")
        #expect(Self.events(accepting.bodyText).map(\.0) == ["delta", "result"])
        let bad = try await app.request("POST", "/api/ingest/stream", body: #"{"text":""}"#)
        #expect(bad.status == 400)
        #expect(bad.header("Content-Type") == "application/json")
        await app.stop()
    }
}
