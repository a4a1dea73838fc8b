import Foundation
import HTTP1
import HTTPServer
import Logging
import Synchronization

/// How the model stand-in answers, changeable while the desk runs.
struct ModelBehaviour: Sendable {
    /// How the model fails, if it does.
    enum Failure: Sendable {
        /// 500 with an error body, as an overloaded provider answers.
        case serverError
        /// 200 with a body that is not a chat completion.
        case malformed
    }

    /// How long before the first byte of the answer (0-30 s).
    var latency: Duration = .zero
    /// The whole answer's text.
    var answer = "The model says: restart the router."
    /// Set: the call fails so.
    var failure: Failure?
}

/// An OpenAI-compatible chat-completions endpoint in the test process, for ingest-api's
/// `OPENAI_BASE_URL`: `POST /v1/chat/completions`, answered whole (JSON) or streamed as
/// server-sent events (`data: {"choices":[{"delta":{"content":…}}]}` pieces, then
/// `data: [DONE]`), after the configured latency.
final class ModelStandIn: Sendable {
    /// The server.
    private let server: HTTPServer
    /// The behaviour and the calls, shared with the handler.
    private let state: State
    /// The API key ingest-api must present.
    static let apiKey = "desk-model-key"

    /// `OPENAI_BASE_URL` for ingest-api.
    var baseURL: String { "http://127.0.0.1:\(server.port)/v1" }
    /// Calls received so far.
    var callCount: Int { state.calls.withLock { $0 } }

    /// Starts on a free loopback port.
    init() throws {
        let state = State()
        var router = Router()
        router.post("/v1/chat/completions") { request in
            state.calls.withLock { $0 += 1 }
            guard request.headers["Authorization"] == "Bearer \(Self.apiKey)" else {
                return .json(raw: #"{"error":{"message":"invalid api key"}}"#, status: 401)
            }
            let behaviour = state.behaviour.withLock { $0 }
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
            let streamed = body["stream"] as? Bool == true
            try await Task.sleep(for: behaviour.latency)
            switch behaviour.failure {
            case .serverError: return .json(raw: #"{"error":{"message":"overloaded"}}"#, status: 500)
            case .malformed: return .json(raw: #"{"choices":"#)
            case nil: return streamed ? Self.streamed(behaviour.answer) : Self.whole(behaviour.answer)
            }
        }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.loopCount = 1
        // The latency may reach 30 s; the server must not cut the handler short.
        configuration.handlerTimeout = .seconds(60)
        server = try HTTPServer(
            configuration: configuration, router: router, logger: Logger(label: "model-stand-in", level: .error))
        self.state = state
    }

    /// Changes how the next calls are answered.
    func behave(_ change: (inout ModelBehaviour) -> Void) {
        state.behaviour.withLock { change(&$0) }
    }

    /// Stops serving.
    func stop() async { await server.shutdown(gracePeriod: 1) }

    /// What the handler and the test share.
    private final class State: Sendable {
        /// How to answer.
        let behaviour = Mutex(ModelBehaviour())
        /// How many calls arrived (counted on arrival, before the latency).
        let calls = Mutex(0)
    }

    /// A whole chat completion.
    private static func whole(_ answer: String) -> HTTPResponse {
        let object: [String: Any] = [
            "id": "chatcmpl-desk", "object": "chat.completion",
            "choices": [["index": 0, "message": ["role": "assistant", "content": answer], "finish_reason": "stop"]],
        ]
        return .json(
            raw: String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self))
    }

    /// The answer in pieces of a few characters, one SSE event each, then `[DONE]`.
    private static func streamed(_ answer: String) -> HTTPResponse {
        .streaming(headers: ["Content-Type": "text/event-stream"]) { write in
            var rest = Substring(answer)
            while !rest.isEmpty {
                let piece = String(rest.prefix(5))
                rest = rest.dropFirst(5)
                let chunk: [String: Any] = ["choices": [["index": 0, "delta": ["content": piece]]]]
                let json = String(
                    decoding: (try? JSONSerialization.data(withJSONObject: chunk)) ?? Data(), as: UTF8.self)
                try await write(Array("data: \(json)\n\n".utf8))
                try await Task.sleep(for: .milliseconds(5))
            }
            try await write(Array("data: [DONE]\n\n".utf8))
        }
    }
}
