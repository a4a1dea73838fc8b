import Foundation
import HTTPFetch
import Testing

@testable import IngestAPI

/// The optional LLM, against a local stand-in of the OpenAI API.
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct ModelTests {
    static func settings(_ standIn: ModelStandIn) -> [String: String] {
        ["OPENAI_API_KEY": "test-key", "OPENAI_BASE_URL": standIn.baseURL, "OPENAI_MODEL": "stand-in"]
    }

    @Test func modelAnswersWhatTheFAQCannotWithTheChatHistoryAsContext() async throws {
        let standIn = try ModelStandIn()
        let app = try await TestApp.start(Self.settings(standIn))
        _ = try await app.ingest(["text": "How do I reset my password?", "chat_id": "llm-1"])
        let body = try await app.ingest(["text": "Where is the cafeteria?", "chat_id": "llm-1"]).object
        #expect(body["status"] as? String == "closed_auto")
        #expect(body["source"] as? String == "llm")
        #expect(body["answer"] as? String == "Answer: Where is the cafeteria?")
        #expect(body["similarity_score"] == nil)
        let request = try #require(standIn.requestBodies.last)
        #expect(request["model"] as? String == "stand-in")
        let contents = (request["messages"] as? [[String: Any]] ?? []).compactMap { $0["content"] as? String }
        #expect(contents.contains("How do I reset my password?"))
        #expect(contents.contains { $0.hasPrefix("Open https://password.company.example") })
        // A FAQ hit does not ask the model.
        #expect(standIn.requestBodies.count == 1)
        await app.stop()
        await standIn.stop()
    }

    @Test func modelAnswerStartingWithIDontKnowEscalatesToATicket() async throws {
        let standIn = try ModelStandIn()
        let app = try await TestApp.start(Self.settings(standIn))
        let inbox = try await EventInbox(channel: app.eventsChannel)
        let body = try await app.ingest(["text": "Something unknown broke", "chat_id": "llm-2"]).object
        #expect(body["status"] as? String == "new")
        let event = await inbox.waitFor("new_session")
        #expect((event?["data"] as? [String: Any])?["response"] as? String == "I don't know how to help with that.")
        await app.stop()
        await standIn.stop()
    }

    @Test func modelTimeOutFallsBackToATicket() async throws {
        let standIn = try ModelStandIn()
        let app = try await TestApp.start(Self.settings(standIn))
        let started = ContinuousClock.now
        let body = try await app.ingest(["text": "A slow question", "chat_id": "llm-3"]).object
        #expect(body["status"] as? String == "new")
        #expect(ContinuousClock.now - started < .seconds(4))
        await app.stop()
        await standIn.stop()
    }

    @Test func streamingClientYieldsTheAnswerPiecewise() async throws {
        let standIn = try ModelStandIn()
        guard let url = URL(string: standIn.baseURL) else { throw TestFailure("bad URL") }
        let model = OpenAICompatibleModel(baseURL: url, apiKey: "test-key", model: "stand-in", timeout: .seconds(5))
        var pieces: [String] = []
        for try await piece in model.streamAnswer([.init(role: "user", content: "Stream this")]) {
            pieces.append(piece)
        }
        #expect(pieces.count > 2)
        #expect(pieces.joined() == "Answer: Stream this")
        let wrongKey = OpenAICompatibleModel(baseURL: url, apiKey: "nope", model: "stand-in", timeout: .seconds(5))
        await #expect(throws: AnswerModelError.self) {
            for try await _ in wrongKey.streamAnswer([.init(role: "user", content: "x")]) {}
        }
        await standIn.stop()
    }
}

/// The event-stream parser, fed whole and split at every byte.
struct ServerSentEventParserTests {
    @Test func parserReadsEventsSplitAtEveryByte() throws {
        let stream = ": comment\n\ndata: one\r\n\r\ndata:two\ndata: lines\n\nevent: x\ndata: [DONE]\r\r"
        let bytes = Array(stream.utf8)
        for split in 0...bytes.count {
            var parser = ServerSentEventParser()
            let events = try parser.append(bytes[..<split]) + parser.append(bytes[split...])
            #expect(events.map(\.data) == ["one", "two\nlines", "[DONE]"], "split at \(split)")
        }
    }

    @Test func parserRefusesOverlongLines() {
        var parser = ServerSentEventParser(maxLineBytes: 10)
        #expect(throws: ServerSentEventParser.LineTooLong.self) {
            try parser.append(Array(("data: " + String(repeating: "x", count: 100) + "\n\n").utf8))
        }
    }
}
