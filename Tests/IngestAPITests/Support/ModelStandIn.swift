import Foundation
import HTTP1
import HTTPServer
import Logging
import Synchronization

/// A local stand-in for an OpenAI-compatible API: `POST /v1/chat/completions`, whole or
/// streamed as server-sent events. What it answers depends on the last user message:
/// "slow" waits 5 s, "unknown" declines ("I don't know…"), anything else is echoed
/// ("Answer: …"). It keeps the request bodies for inspection.
final class ModelStandIn: Sendable {
    let server: HTTPServer

    var baseURL: String { "http://127.0.0.1:\(server.port)/v1" }

    init() throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.loopCount = 1
        let received = Received()
        var router = Router()
        router.post("/v1/chat/completions") { request in
            guard request.headers["Authorization"] == "Bearer test-key" else {
                return .json(raw: #"{"error":{"message":"bad key"}}"#, status: 401)
            }
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
            received.append(request.body)
            let messages = body["messages"] as? [[String: Any]] ?? []
            let question = messages.last?["content"] as? String ?? ""
            if question.contains("slow") { try await Task.sleep(for: .seconds(5)) }
            let answer = question.contains("unknown") ? "I don't know how to help with that." : "Answer: \(question)"
            return body["stream"] as? Bool == true ? Self.streamed(answer) : Self.whole(answer)
        }
        server = try HTTPServer(
            configuration: configuration, router: router, logger: Logger(label: "model-stand-in", level: .error))
        self.received = received
    }

    private let received: Received

    /// The request bodies, parsed, in order.
    var requestBodies: [[String: Any]] {
        received.bodies.compactMap { (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any] }
    }

    func stop() async { await server.shutdown(gracePeriod: 1) }

    private static func whole(_ answer: String) -> HTTPResponse {
        let object: [String: Any] = [
            "id": "x", "object": "chat.completion",
            "choices": [["index": 0, "message": ["role": "assistant", "content": answer], "finish_reason": "stop"]],
        ]
        return HTTPResponse(
            status: 200, headers: ["Content-Type": "application/json"],
            body: Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data()))
    }

    /// The answer in three-character pieces, each an SSE `data:` event, then `[DONE]`.
    private static func streamed(_ answer: String) -> HTTPResponse {
        var text = ": keep-alive comment\r\n\r\n"
        var rest = Substring(answer)
        while !rest.isEmpty {
            let piece = rest.prefix(3)
            rest = rest.dropFirst(3)
            let chunk: [String: Any] = ["choices": [["index": 0, "delta": ["content": String(piece)]]]]
            let json = String(decoding: (try? JSONSerialization.data(withJSONObject: chunk)) ?? Data(), as: UTF8.self)
            text += "data: \(json)\r\n\r\n"
        }
        text += "data: [DONE]\r\n\r\n"
        return HTTPResponse(status: 200, headers: ["Content-Type": "text/event-stream"], body: Array(text.utf8))
    }

    /// Bodies received, shared with the handler.
    private final class Received: Sendable {
        private let list = Mutex<[[UInt8]]>([])
        func append(_ body: [UInt8]) { list.withLock { $0.append(body) } }
        var bodies: [[UInt8]] { list.withLock { $0 } }
    }
}
