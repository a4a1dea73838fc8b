import Domain
import Foundation
import HTTPFetch
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One `POST /api/ingest` asking for the streamed answer. A URLSession delegate, so each
/// piece reaches `onText` as it arrives, and with two deadlines of its own instead of
/// URLSession's single time-out: the answer's head must come within `headLimit` (ingest-api
/// stores the question and answers the head at once, so a late head means it is stuck or
/// down), and afterwards the stream may not be silent for `silenceLimit` (ingest-api sends a
/// keep-alive every few seconds while a slow model thinks). A slow model is thus waited for;
/// a dead ingest-api is not.
///
/// Also takes a plain JSON answer (an error, or an ingest-api that does not stream).
final class IngestStreamExchange: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// The outcome of the exchange.
    typealias Outcome = Result<IngestResponse, IngestClientError>

    /// A JSON answer larger than this is not the contract's shape; refused, not buffered.
    static let maxBodyBytes = 1 << 20

    /// What the exchange has seen so far.
    private struct State {
        var continuation: CheckedContinuation<Outcome, Never>?
        var outcome: Outcome?
        var task: URLSessionDataTask?
        var status = 0
        var hasHead = false
        var isEventStream = false
        var lastActivity = ContinuousClock.now
        var body: [UInt8] = []
        var parser = ServerSentEventParser()
        var text = ""
    }

    /// Receives the whole answer text so far after each piece.
    private let onText: @Sendable (String) -> Void
    // Guarded: URLSession's delegate queue, the watchdog and the caller all reach it.
    private let state = Mutex(State())

    /// Use `run`.
    private init(onText: @escaping @Sendable (String) -> Void) {
        self.onText = onText
    }

    /// Sends `request` and waits for the answer; pieces go to `onText` meanwhile.
    static func run(
        _ request: URLRequest, headLimit: Duration, silenceLimit: Duration,
        onText: @escaping @Sendable (String) -> Void
    ) async -> Outcome {
        let exchange = IngestStreamExchange(onText: onText)
        let configuration = URLSessionConfiguration.ephemeral
        // The deadlines are the watchdog's; URLSession's own only as a last resort.
        configuration.timeoutIntervalForRequest = 3600
        configuration.timeoutIntervalForResource = 3600
        let session = URLSession(configuration: configuration, delegate: exchange, delegateQueue: nil)
        // The session holds its delegate until invalidated: invalidate, or it leaks.
        defer { session.finishTasksAndInvalidate() }
        let watchdog = Task { await exchange.watch(headLimit: headLimit, silenceLimit: silenceLimit) }
        defer { watchdog.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let task = session.dataTask(with: request)
                // Cancelled before we got here: `finish` found no continuation to resume, so
                // resume it now and never start the request.
                let earlier: Outcome? = exchange.state.withLock { state in
                    if let outcome = state.outcome { return outcome }
                    state.continuation = continuation
                    state.task = task
                    state.lastActivity = .now
                    return nil
                }
                if let earlier {
                    continuation.resume(returning: earlier)
                } else {
                    task.resume()
                }
            }
        } onCancel: {
            exchange.finish(.failure(.unreachable("the call was cancelled")))
        }
    }

    /// Ends the exchange with `.timedOut` when a deadline passes.
    private func watch(headLimit: Duration, silenceLimit: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
            let isLate = state.withLock { state in
                ContinuousClock.now - state.lastActivity > (state.hasHead ? silenceLimit : headLimit)
            }
            if isLate {
                finish(.failure(.timedOut))
                return
            }
        }
    }

    /// Resumes the caller once with `outcome` and stops the transfer.
    private func finish(_ outcome: Outcome) {
        let (continuation, task) = state.withLock { state in
            guard state.outcome == nil else { return (nil as CheckedContinuation<Outcome, Never>?, nil as URLSessionDataTask?) }
            state.outcome = outcome
            defer { state.continuation = nil }
            return (state.continuation, state.task)
        }
        task?.cancel()
        continuation?.resume(returning: outcome)
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
            state.hasHead = true
            state.lastActivity = .now
            state.isEventStream = type.hasPrefix("text/event-stream") && (200..<300).contains(state.status)
        }
        completionHandler(.allow)
    }

    /// Body bytes: events when streamed, else kept (bounded) for the JSON.
    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        var texts: [String] = []
        let ending: Outcome? = state.withLock { state in
            guard state.outcome == nil else { return nil }
            state.lastActivity = .now
            guard state.isEventStream else {
                guard state.body.count + data.count <= Self.maxBodyBytes else {
                    return .failure(.badResponse(status: state.status, "an answer over \(Self.maxBodyBytes) bytes"))
                }
                state.body.append(contentsOf: data)
                return nil
            }
            do {
                for event in try state.parser.append(data) {
                    switch try IngestStreamEvent(name: event.name, data: event.data) {
                    case .delta(let piece):
                        state.text += piece
                        texts.append(state.text)
                    case .result(let response):
                        return .success(response)
                    case nil:
                        continue
                    }
                }
            } catch let error as IngestStreamEvent.DecodingError {
                return .failure(.badResponse(status: state.status, error.description))
            } catch {
                return .failure(.badResponse(status: state.status, "a streamed line over the size limit"))
            }
            return nil
        }
        for text in texts { onText(text) }
        if let ending { finish(ending) }
    }

    /// The end of the transfer: a JSON answer is decoded now; a stream that ended without
    /// its result, or a broken connection, is a failure.
    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (status, isEventStream, body) = state.withLock { ($0.status, $0.isEventStream, $0.body) }
        if let error {
            let code = (error as? URLError)?.code
            finish(.failure(code == .timedOut ? .timedOut : .unreachable("URLError \(code?.rawValue ?? 0)")))
        } else if isEventStream {
            finish(.failure(.badResponse(status: status, "the stream ended without a result")))
        } else {
            finish(IngestClient.decodeAnswer(status: status, data: Data(body), what: "POST /api/ingest"))
        }
    }
}
