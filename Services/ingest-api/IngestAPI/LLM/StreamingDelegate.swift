import Foundation
import HTTPFetch
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Receives a streamed completion's bytes from URLSession, parses the server-sent
/// events and yields each piece of text; `data: [DONE]` or the end of the body ends it.
/// Some OpenAI-compatible servers ignore `stream: true` and answer one JSON completion:
/// that is kept (bounded) and yielded whole at the end.
final class StreamingDelegate: NSObject, URLSessionDataDelegate, Sendable {
    /// Where pieces of text go.
    private let continuation: AsyncThrowingStream<String, any Error>.Continuation
    /// The parser and the response status.
    private let state = Mutex(State())

    /// What the callbacks share.
    private struct State {
        var parser = ServerSentEventParser()
        /// The HTTP status, once the head came.
        var status = 0
        /// The body of an error answer, kept for the message (bounded).
        var errorBody: [UInt8] = []
        /// True when a 2xx answer is one JSON completion rather than an event stream.
        var isWhole = false
        /// That completion's bytes (bounded by `maxWholeBytes`).
        var wholeBody: [UInt8] = []
        /// True once a line passed the parser's limit: the stream is refused.
        var isOverlong = false
    }

    /// The largest whole completion accepted.
    static let maxWholeBytes = 1 << 20

    /// A delegate feeding `continuation`.
    init(continuation: AsyncThrowingStream<String, any Error>.Continuation) {
        self.continuation = continuation
    }

    /// The response head: keeps the status.
    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let type = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type")?.lowercased() ?? ""
        state.withLock {
            $0.status = status
            $0.isWhole = type.hasPrefix("application/json")
        }
        completionHandler(.allow)
    }

    /// Body bytes: parses events and yields their text.
    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let events: [String] = state.withLock { state in
            guard (200..<300).contains(state.status) else {
                if state.errorBody.count < 1000 { state.errorBody.append(contentsOf: data.prefix(1000)) }
                return []
            }
            if state.isWhole {
                if state.wholeBody.count + data.count <= Self.maxWholeBytes { state.wholeBody.append(contentsOf: data) }
                return []
            }
            do {
                return try state.parser.append(data).map(\.data)
            } catch {
                state.isOverlong = true
                return []
            }
        }
        for event in events {
            if event == "[DONE]" {
                continuation.finish()
                return
            }
            guard let chunk = try? JSONDecoder().decode(ChatCompletionWire.Chunk.self, from: Data(event.utf8)) else {
                continue
            }
            if let piece = chunk.choices.first?.delta?.content, !piece.isEmpty { continuation.yield(piece) }
        }
    }

    /// The end: finishes the stream, with an error if the call failed.
    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (status, body, whole, isOverlong) = state.withLock {
            ($0.status, $0.errorBody, $0.isWhole ? $0.wholeBody : nil, $0.isOverlong)
        }
        if isOverlong {
            continuation.finish(throwing: AnswerModelError("chat/completions stream: a line over the size limit"))
        } else if let error {
            continuation.finish(
                throwing: AnswerModelError("chat/completions stream failed: \(error.localizedDescription)"))
        } else if !(200..<300).contains(status) {
            continuation.finish(
                throwing: AnswerModelError(
                    "chat/completions answered \(status): \(String(decoding: body, as: UTF8.self))"))
        } else {
            if let whole, let decoded = try? JSONDecoder().decode(ChatCompletionWire.Response.self, from: Data(whole)),
                let text = decoded.choices.first?.message.content, !text.isEmpty
            {
                continuation.yield(text)
            }
            continuation.finish()
        }
    }
}
