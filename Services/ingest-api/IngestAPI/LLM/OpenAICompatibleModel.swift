import Foundation
import HTTPFetch

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An `AnswerModel` behind an OpenAI-compatible `POST {base}/chat/completions`
/// (`OPENAI_BASE_URL`, `OPENAI_API_KEY`, `OPENAI_MODEL`), whole or streamed (SSE).
/// Every call is bounded by `timeout`; a stream also by `timeout` as a whole.
final class OpenAICompatibleModel: AnswerModel {
    /// `{OPENAI_BASE_URL}/chat/completions`.
    let endpoint: URL
    /// `OPENAI_API_KEY`.
    let apiKey: String
    /// `OPENAI_MODEL`.
    let model: String
    /// The limit for a whole answer.
    let timeout: Duration
    /// The session for whole answers (streams get their own, for their delegate).
    private let session: URLSession

    /// A client for the API at `baseURL`.
    init(baseURL: URL, apiKey: String, model: String, timeout: Duration) {
        endpoint = baseURL.appendingPathComponent("chat/completions")
        self.apiKey = apiKey
        self.model = model
        self.timeout = timeout
        session = URLSession(configuration: Self.configuration(timeout: timeout))
    }

    /// Asks with `stream: false`; throws on an error status, bad JSON, no text or the time-out.
    func answer(_ messages: [ChatCompletionWire.Message]) async throws -> String {
        let request = try makeRequest(messages, stream: false)
        let seconds = timeout.components.seconds
        let (data, response) = try await Deadline.run(
            within: timeout, timeoutError: { AnswerModelError("no answer within \(seconds) s") }
        ) { [session] in
            try await session.fetch(request)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw AnswerModelError(
                "chat/completions answered \(status): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        let decoded = try JSONDecoder().decode(ChatCompletionWire.Response.self, from: data)
        guard let text = decoded.choices.first?.message.content, !text.isEmpty else {
            throw AnswerModelError("chat/completions answered without text")
        }
        return text
    }

    /// Asks with `stream: true`; the stream ends at `[DONE]` and fails on errors or the time-out.
    func streamAnswer(_ messages: [ChatCompletionWire.Message]) -> AsyncThrowingStream<String, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: String.self, throwing: (any Error).self)
        let request: URLRequest
        do {
            request = try makeRequest(messages, stream: true)
        } catch {
            continuation.finish(throwing: error)
            return stream
        }
        let delegate = StreamingDelegate(continuation: continuation)
        let streamingSession = URLSession(
            configuration: Self.configuration(timeout: timeout), delegate: delegate, delegateQueue: nil)
        let task = streamingSession.dataTask(with: request)
        let seconds = timeout.components.seconds
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            continuation.finish(throwing: AnswerModelError("answer not complete within \(seconds) s"))
            task.cancel()
        }
        continuation.onTermination = { _ in
            watchdog.cancel()
            task.cancel()
            // Breaks the session → delegate reference once the task is over.
            streamingSession.finishTasksAndInvalidate()
        }
        task.resume()
        return stream
    }

    /// The POST with its headers and JSON body.
    private func makeRequest(_ messages: [ChatCompletionWire.Message], stream: Bool) throws -> URLRequest {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization")
        if stream { request.setValue("text/event-stream", forHTTPHeaderField: "Accept") }
        request.httpBody = try JSONEncoder().encode(
            ChatCompletionWire.Request(model: model, messages: messages, stream: stream))
        return request
    }

    /// No caches or cookies; the request time-out (between bytes) is the call's.
    private static func configuration(timeout: Duration) -> URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        configuration.timeoutIntervalForRequest = seconds
        configuration.timeoutIntervalForResource = seconds
        return configuration
    }
}
