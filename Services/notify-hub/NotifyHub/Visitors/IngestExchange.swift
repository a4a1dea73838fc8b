import Domain
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One `POST /api/ingest` whose answer may come as JSON or as server-sent events. A
/// URLSession delegate, so streamed pieces reach `onPiece` as they arrive instead of
/// after the whole body.
///
/// URLSession calls the delegate methods one at a time on its own queue; the state sits
/// behind a mutex anyway because `run` hands the continuation over from another thread.
final class IngestExchange: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// A JSON answer larger than this is not the contract's shape; refused, not buffered.
    static let maxBodyBytes = 1 << 20

    /// What the exchange has seen so far.
    private struct State {
        var continuation: CheckedContinuation<Result<IngestResponse, DeskError>, Never>?
        var status = 0
        var isEventStream = false
        var body: [UInt8] = []
        var parser = ServerSentEventParser()
        var reader = IngestStreamReader()
        var outcome: Result<IngestResponse, DeskError>?
    }

    /// Receives the text so far after each streamed piece.
    private let onPiece: @Sendable (String) -> Void
    /// Guarded: the continuation arrives from the caller's thread.
    private let state = Mutex(State())

    /// Use `run`.
    private init(onPiece: @escaping @Sendable (String) -> Void) {
        self.onPiece = onPiece
    }

    /// Sends `request` and waits for the answer (streamed pieces go to `onPiece` meanwhile).
    static func run(
        _ request: URLRequest, configuration: URLSessionConfiguration, onPiece: @escaping @Sendable (String) -> Void
    ) async -> Result<IngestResponse, DeskError> {
        let exchange = IngestExchange(onPiece: onPiece)
        let session = URLSession(configuration: configuration, delegate: exchange, delegateQueue: nil)
        // The session holds its delegate until invalidated: invalidate, or it leaks.
        defer { session.finishTasksAndInvalidate() }
        return await withCheckedContinuation { continuation in
            exchange.state.withLock { $0.continuation = continuation }
            session.dataTask(with: request).resume()
        }
    }

    /// The head: its status and whether the body is an event stream.
    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let http = response as? HTTPURLResponse
        let type = http?.value(forHTTPHeaderField: "Content-Type")?.lowercased() ?? ""
        state.withLock { state in
            state.status = http?.statusCode ?? 0
            state.isEventStream = type.hasPrefix("text/event-stream") && (200..<300).contains(state.status)
        }
        completionHandler(.allow)
    }

    /// Body bytes: parsed as events when streamed, else kept (bounded) for the JSON.
    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        var pieces: [String] = []
        var failed = false
        state.withLock { state in
            guard state.outcome == nil else { return }
            guard state.isEventStream else {
                guard state.body.count + data.count <= Self.maxBodyBytes else {
                    state.outcome = .failure(.badAnswer("an answer over \(Self.maxBodyBytes) bytes"))
                    failed = true
                    return
                }
                state.body.append(contentsOf: data)
                return
            }
            do {
                for event in try state.parser.append(data) {
                    switch state.reader.read(event) {
                    case .piece(let text): pieces.append(text)
                    case .answer(let answer): state.outcome = .success(answer)
                    case .failure(let reason): state.outcome = .failure(.badAnswer(reason))
                    case .none: break
                    }
                }
            } catch {
                state.outcome = .failure(.badAnswer("a streamed line over the size limit"))
                failed = true
            }
        }
        // Outside the lock: the callback sends frames.
        for text in pieces { onPiece(text) }
        if failed { dataTask.cancel() }
    }

    /// The end: resumes the caller with the outcome.
    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let (continuation, result) = state.withLock { state in
            defer { state.continuation = nil }
            return (state.continuation, Self.result(of: state, error: error))
        }
        continuation?.resume(returning: result)
    }

    /// The exchange's outcome once the task has ended.
    private static func result(of state: State, error: Error?) -> Result<IngestResponse, DeskError> {
        if let outcome = state.outcome { return outcome }
        if let error {
            return .failure(.unreachable((error as? URLError).map { "URLError \($0.code.rawValue)" } ?? "\(error)"))
        }
        if state.status == 503 { return .failure(.unreachable("ingest-api answered 503")) }
        if state.isEventStream { return .failure(.badAnswer("the stream ended without an answer")) }
        guard (200..<300).contains(state.status) else {
            let message = (try? JSONDecoder().decode(APIErrorBody.self, from: Data(state.body)))?.error.message
            return .failure(.badAnswer("HTTP \(state.status): \(message ?? "no error JSON")"))
        }
        do {
            return .success(try JSONDecoder().decode(IngestResponse.self, from: Data(state.body)))
        } catch {
            return .failure(.badAnswer("the answer does not decode: \(error)"))
        }
    }
}
