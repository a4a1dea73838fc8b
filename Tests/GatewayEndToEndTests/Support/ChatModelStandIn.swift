import Foundation
import HTTP1
import HTTPServer
import Logging
import Synchronization

/// An OpenAI-compatible chat-completions endpoint that behaves like a real model in time:
/// it waits `firstByteDelay` before answering, then (streamed) sends the answer in
/// `pieceCount` pieces `pieceInterval` apart, or (not streamed) the whole answer; or it
/// fails with `failStatus`. What it does is set per test through `script`.
final class ChatModelStandIn: Sendable {
    /// How the model answers.
    struct Script: Sendable {
        /// The answer text.
        var answer = "Restart the VPN client, then sign in again with your directory password."
        /// The wait before the first byte (a real model: 5–30 s).
        var firstByteDelay: Duration = .zero
        /// Pieces of a streamed answer.
        var pieceCount = 1
        /// The pause between pieces.
        var pieceInterval: Duration = .zero
        /// When set, the call fails with this status after the delay.
        var failStatus: Int?
        /// Answers one whole JSON completion even when asked to stream (some servers do).
        var ignoresStream = false
    }

    /// The server.
    private let server: HTTPServer
    /// What the handler and the tests share.
    private final class Shared: Sendable {
        /// The script, changed by tests.
        let script = Mutex(Script())
        /// How many calls arrived.
        let calls = Mutex(0)
    }

    /// The script and the count.
    private let shared = Shared()

    /// `OPENAI_BASE_URL` for ingest-api.
    var baseURL: String { "http://127.0.0.1:\(server.port)/v1" }
    /// Calls received so far.
    var calls: Int { shared.calls.withLock { $0 } }

    /// Starts the stand-in on a free loopback port.
    init() throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.loopCount = 1
        var router = Router()
        let shared = self.shared
        router.post("/v1/chat/completions") { request in
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
            let isStreamed = body["stream"] as? Bool == true
            shared.calls.withLock { $0 += 1 }
            let script = shared.script.withLock { $0 }
            if let status = script.failStatus {
                try await Task.sleep(for: script.firstByteDelay)
                return .json(raw: #"{"error":{"message":"the model is overloaded","type":"server_error"}}"#, status: HTTPStatus(status))
            }
            guard isStreamed, !script.ignoresStream else {
                try await Task.sleep(for: script.firstByteDelay)
                return Self.whole(script.answer)
            }
            return .streaming(headers: ["Content-Type": "text/event-stream"]) { write in
                try await Task.sleep(for: script.firstByteDelay)
                for piece in Self.pieces(of: script.answer, count: script.pieceCount) {
                    try await write(Self.chunk(piece))
                    try await Task.sleep(for: script.pieceInterval)
                }
                try await write(Array("data: [DONE]\n\n".utf8))
            }
        }
        server = try HTTPServer(
            configuration: configuration, router: router, logger: Logger(label: "model-stand-in", level: .error))
    }

    /// Sets how the next calls are answered.
    func set(_ script: Script) {
        shared.script.withLock { $0 = script }
    }

    /// Stops the server.
    func stop() async {
        await server.shutdown(gracePeriod: 1)
    }

    /// `text` in `count` nearly equal pieces.
    static func pieces(of text: String, count: Int) -> [String] {
        let characters = Array(text)
        let size = max(1, (characters.count + max(count, 1) - 1) / max(count, 1))
        return stride(from: 0, to: characters.count, by: size).map {
            String(characters[$0..<min($0 + size, characters.count)])
        }
    }

    /// One streamed chunk as the chat-completions API sends it.
    private static func chunk(_ piece: String) -> [UInt8] {
        let object: [String: Any] = [
            "id": "chatcmpl-standin", "object": "chat.completion.chunk",
            "choices": [["index": 0, "delta": ["content": piece], "finish_reason": NSNull()]],
        ]
        let json = String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
        return Array("data: \(json)\n\n".utf8)
    }

    /// A whole (not streamed) completion.
    private static func whole(_ answer: String) -> HTTPResponse {
        let object: [String: Any] = [
            "id": "chatcmpl-standin", "object": "chat.completion",
            "choices": [["index": 0, "message": ["role": "assistant", "content": answer], "finish_reason": "stop"]],
        ]
        return HTTPResponse(
            status: 200, headers: ["Content-Type": "application/json"],
            body: Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data()))
    }
}
