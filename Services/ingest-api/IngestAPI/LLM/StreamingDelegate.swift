import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Receives a streamed completion's bytes from URLSession, parses the server-sent
/// events and yields each piece of text; `data: [DONE]` or the end of the body ends it.
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
    }

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
        state.withLock { $0.status = status }
        completionHandler(.allow)
    }

    /// Body bytes: parses events and yields their text.
    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let events: [String] = state.withLock { state in
            guard (200..<300).contains(state.status) else {
                if state.errorBody.count < 1000 { state.errorBody.append(contentsOf: data.prefix(1000)) }
                return []
            }
            return state.parser.feed(data)
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
        let (status, body) = state.withLock { ($0.status, $0.errorBody) }
        if let error {
            continuation.finish(
                throwing: AnswerModelError("chat/completions stream failed: \(error.localizedDescription)"))
        } else if !(200..<300).contains(status) {
            continuation.finish(
                throwing: AnswerModelError(
                    "chat/completions answered \(status): \(String(decoding: body, as: UTF8.self))"))
        } else {
            continuation.finish()
        }
    }
}
