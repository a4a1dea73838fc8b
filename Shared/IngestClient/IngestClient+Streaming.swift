import Domain
import Foundation

extension IngestClient {
    /// How long a streamed answer may be silent after its head: ingest-api sends a
    /// keep-alive every `IngestStreamEvent.keepAliveInterval` while the model thinks, so
    /// several missed in a row mean it is gone, however slow the model.
    public static let streamSilenceLimit: Duration = IngestStreamEvent.keepAliveInterval * 4

    /// `POST /api/ingest` asking for the streamed answer: `onText` gets the whole answer text
    /// so far as pieces arrive (from URLSession's queue: hand it on, do not block), and the
    /// final answer is returned. The head must come within `timeout` (ingest-api
    /// answers it once the question is stored), then the answer may take as long as the
    /// model needs while the stream stays alive. With `idempotencyKey`, a retry gets the
    /// first answer (409 `in_progress` while it is still being made).
    public func ingestStreamed(
        _ request: IngestRequest, idempotencyKey: String? = nil, onText: @escaping @Sendable (String) -> Void
    ) async throws(IngestClientError) -> IngestResponse {
        var urlRequest = try makeRequest(
            "POST", "/api/ingest", body: request, isAdmin: false, headers: ingestHeaders(idempotencyKey))
        urlRequest.setValue("text/event-stream", forHTTPHeaderField: "Accept")
        return try await IngestStreamExchange.run(
            urlRequest, headLimit: timeout, silenceLimit: Self.streamSilenceLimit,
            onText: onText
        ).get()
    }
}
