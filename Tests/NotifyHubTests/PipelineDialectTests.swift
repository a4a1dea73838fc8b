import Foundation
import TestSupport
import Testing
import WebSocket

@testable import NotifyHub

/// The web IM dialect (`/api/v1/pipelines/{p}/ws/connect`) and its REST, CONTRACT §6.
@Suite(.enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct PipelineDialectTests {
    /// A message frame with one Plain element.
    static func message(_ text: String) -> String {
        "{\"type\":\"message\",\"message\":[{\"type\":\"Plain\",\"text\":\"\(text)\"}]}"
    }

    @Test func connectingGivesTheConnectedFrame() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let pipeline = UUID().uuidString.lowercased()
        let frame = try await offPool { try harness.pipeline(pipeline, "group").receiveText() }
        #expect(keys(frame) == ["connection_id", "pipeline_uuid", "session_type", "timestamp", "type"])
        #expect(object(frame)["type"] as? String == "connected")
        #expect(object(frame)["pipeline_uuid"] as? String == pipeline)
        #expect(object(frame)["session_type"] as? String == "group")
    }

    @Test func aStreamedAnswerArrivesAsGrowingResponsesEndingWithIsFinal() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let (connected, frames) = try await offPool {
            let client = try harness.pipeline("p-stream")
            let connected = try client.receiveText()
            try client.send(text: Self.message("please stream"))
            var frames: [String] = []
            while true {
                let frame = try client.receiveText()
                frames.append(frame)
                if (object(frame)["data"] as? [String: Any])?["is_final"] as? Bool == true { break }
            }
            return (connected, frames)
        }
        let data = frames.map { object($0)["data"] as? [String: Any] ?? [:] }
        #expect(frames.allSatisfy { keys($0) == ["data", "type"] && object($0)["type"] as? String == "response" })
        #expect(
            data.allSatisfy {
                $0.keys.sorted() == [
                    "connection_id", "content", "id", "is_final", "message_chain", "role", "timestamp",
                ]
            })
        #expect(data.map { $0["content"] as? String ?? "" } == ["Hello", "Hello, ", "Hello, world", "Hello, world"])
        #expect(data.map { $0["is_final"] as? Bool ?? true } == [false, false, false, true])
        #expect(Set(data.compactMap { $0["id"] as? Int }).count == 1)
        #expect(data.allSatisfy { $0["role"] as? String == "assistant" })
        #expect(data.allSatisfy { $0["connection_id"] as? String == object(connected)["connection_id"] as? String })
        let chain = try #require(data.last?["message_chain"] as? [[String: Any]])
        #expect(chain.first?["type"] as? String == "Plain" && chain.first?["text"] as? String == "Hello, world")
    }

    @Test func anAnswerThatDoesNotStreamIsOneFinalResponse() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let (connected, frame) = try await offPool {
            let client = try harness.pipeline("p-plain")
            let connected = try client.receiveText()
            try client.send(text: Self.message("vpn help"))
            return (connected, try client.receiveText())
        }
        let data = try #require(object(frame)["data"] as? [String: Any])
        #expect(data["is_final"] as? Bool == true)
        #expect(data["content"] as? String == StandInDesk.faqAnswer)
        let connectionID = try #require(object(connected)["connection_id"] as? String)
        #expect(harness.desk.requests.last?.chatID == "web-\(connectionID)")
    }

    @Test func pingDisconnectAndBadInput() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let (answers, closed) = try await offPool {
            let client = try harness.pipeline("p-bad")
            _ = try client.receiveText()
            var answers: [String] = []
            for text in [
                "{\"type\":\"ping\"}", "nope", "{\"type\":\"message\",\"message\":\"x\"}",
                "{\"type\":\"message\",\"message\":[{\"type\":\"Image\",\"url\":\"u\"}]}",
                "{\"type\":\"message\",\"message\":[{\"type\":\"Plain\",\"text\":\"\"}]}", "{\"type\":\"fly\"}",
            ] {
                try client.send(text: text)
                answers.append(try client.receiveText())
            }
            try client.send(binary: [1])
            answers.append(try client.receiveText())
            try client.send(text: "{\"type\":\"disconnect\"}")
            return (answers, try client.receiveMessage())
        }
        #expect(object(answers[0])["type"] as? String == "pong")
        #expect(keys(answers[0]) == ["timestamp", "type"])
        for error in answers.dropFirst() {
            #expect(object(error)["type"] as? String == "error")
            #expect(keys(error) == ["message", "type"])
        }
        #expect(closeCode(closed) == .normalClosure)
    }

    @Test func aBadPipelineOrSessionTypeIsRefusedBeforeTheUpgrade() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let port = harness.port
        let statuses = try await offPool {
            try [
                "/api/v1/pipelines/p1/ws/connect?session_type=crowd", "/api/v1/pipelines/a:b/ws/connect",
                "/api/v1/pipelines/\(String(repeating: "p", count: 65))/ws/connect",
            ].map { try TestWebSocketClient(port: port).upgrade(path: $0).status }
        }
        #expect(statuses == [400, 400, 400])
    }

    @Test func historiesOfDifferentPipelinesAndSessionTypesNeverMix() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let (a, b) = (UUID().uuidString.lowercased(), UUID().uuidString.lowercased())
        try await offPool {
            for (pipeline, type, text) in [
                (a, "person", "vpn one"), (a, "group", "vpn two"), (b, "person", "vpn three"),
            ] {
                let client = try harness.pipeline(pipeline, type)
                _ = try client.receiveText()
                try client.send(text: Self.message(text))
                _ = try client.receiveText()
            }
        }
        func contents(_ pipeline: String, _ type: String) async throws -> [String] {
            let response = try await harness.rest(
                "GET", "/api/v1/pipelines/\(pipeline)/ws/messages/\(type)", admin: true)
            #expect(response.status == 200)
            #expect(
                object(response.bodyText)["code"] as? Int == 0 && object(response.bodyText)["msg"] as? String == "ok")
            let data = object(response.bodyText)["data"] as? [String: Any]
            return (data?["messages"] as? [[String: Any]] ?? []).map { "\($0["role"] ?? ""):\($0["content"] ?? "")" }
        }
        let answer = StandInDesk.faqAnswer
        #expect(try await contents(a, "person") == ["user:vpn one", "assistant:\(answer)"])
        #expect(try await contents(a, "group") == ["user:vpn two", "assistant:\(answer)"])
        #expect(try await contents(b, "person") == ["user:vpn three", "assistant:\(answer)"])
        #expect(try await contents(b, "group") == [])
        let reset = try await harness.rest("POST", "/api/v1/pipelines/\(a)/ws/reset/person", admin: true)
        #expect(reset.bodyText == "{\"code\":0,\"msg\":\"ok\",\"data\":{\"message\":\"Session reset successfully\"}}")
        #expect(try await contents(a, "person") == [])
        #expect(try await contents(a, "group").count == 2)
    }

    @Test func restRefusesBadInputInTheEnvelopeWithTheRightStatus() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let cases: [(String, String, String, Bool, Int)] = [
            ("GET", "/api/v1/pipelines/p1/ws/messages/crowd", "", true, 400),
            ("POST", "/api/v1/pipelines/p1/ws/reset/everyone", "", true, 400),
            ("GET", "/api/v1/pipelines/p%3A1/ws/connections", "", false, 400),
            ("POST", "/api/v1/pipelines/p1/ws/broadcast", "{\"message\":\"hi\"}", false, 401),
            ("POST", "/api/v1/pipelines/p1/ws/broadcast", "{\"message\":\"\"}", true, 400),
            ("POST", "/api/v1/pipelines/p1/ws/broadcast", "not json", true, 400),
            ("POST", "/api/v1/broadcast", "{\"message\":\"hi\"}", false, 401),
            ("POST", "/api/v1/broadcast", "{\"text\":\"hi\"}", true, 400),
        ]
        for (method, path, body, admin, status) in cases {
            let response = try await harness.rest(method, path, body: body, admin: admin)
            #expect(response.status == status, "\(method) \(path)")
            #expect(object(response.bodyText)["code"] as? Int == status, "\(method) \(path)")
            #expect(object(response.bodyText)["msg"] is String)
            #expect(object(response.bodyText).keys.sorted() == ["code", "data", "msg"])
        }
    }
}
