import Domain
import Foundation
import IngestClient

/// The desk as web visitors reach it: ingest-api at `BACKEND_URL` (CONTRACT §3), through the
/// shared `IngestClient`, which reads ingest-api's streamed answer with the same event types
/// ingest-api writes (`IngestStreamEvent`) and takes a plain JSON answer as well.
public final class IngestAnswerSource: AnswerSource, VisitorMessageStore {
    /// ingest-api's client.
    private let client: IngestClient

    /// `timeout` bounds the wait for ingest-api to start answering (the question is
    /// stored by then); a model's answer may then take as long as it streams.
    public init(baseURL: URL, adminToken: String?, internalToken: String? = nil, timeout: Duration = .seconds(30)) {
        client = IngestClient(
            baseURL: baseURL, adminToken: adminToken, internalToken: internalToken, timeout: timeout)
    }

    /// `POST /api/ingest`, streamed: `onPiece` gets the whole text so far.
    public func answer(_ request: IngestRequest, onPiece: @escaping @Sendable (String) -> Void) async throws(DeskError)
        -> IngestResponse
    {
        do {
            return try await client.ingestStreamed(request, onText: onPiece)
        } catch {
            throw DeskError(error)
        }
    }

    /// `POST /api/chats/{chat_id}/messages` with the admin token: `sender` user, `direction` in.
    public func store(visitorMessage text: String, chatID: String, user: ChatUser) async throws(DeskError) {
        do {
            try await client.storeMessage(
                NewChatMessage(text: text, sender: .user, direction: .incoming, user: user), in: chatID)
        } catch {
            throw DeskError(error)
        }
    }
}

extension DeskError {
    /// The visitor's view of a client error: down or slow is "unreachable" (try again),
    /// anything else a bad answer.
    init(_ error: IngestClientError) {
        switch error {
        case .unreachable(let reason): self = .unreachable(reason)
        case .timedOut: self = .unreachable("ingest-api did not answer in time")
        case .refused(let status, _, let message): self = .badAnswer("HTTP \(status): \(message)")
        case .badResponse(_, let reason): self = .badAnswer(reason)
        }
    }
}
