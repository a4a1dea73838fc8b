import Domain
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A typed client of ingest-api's HTTP API (CONTRACT §3) at `BACKEND_URL`, for the
/// processes that do not own the database: the gateway, the relay, notify-hub.
///
/// Every call has a time-out (`timeout`); admin calls send `ADMIN_API_TOKEN`.
public final class IngestClient: Sendable {
    /// Where ingest-api is.
    public let baseURL: URL
    /// The admin token for every endpoint but `POST /api/ingest`.
    let adminToken: String?
    /// `INTERNAL_API_TOKEN`, sent with `POST /api/ingest`: it tells ingest-api the question
    /// comes from the desk itself, which may write to Telegram and web chats (CONTRACT §3).
    let internalToken: String?
    /// How long a call may take before `.timedOut`.
    public let timeout: Duration
    /// The HTTP client, keeping connections to ingest-api open between calls.
    let session: URLSession

    /// Creates a client; it does not connect before the first call.
    /// `internalToken` defaults to `adminToken`, as `INTERNAL_API_TOKEN` does.
    public init(baseURL: URL, adminToken: String?, internalToken: String? = nil, timeout: Duration = .seconds(10)) {
        self.baseURL = baseURL
        self.adminToken = adminToken
        self.internalToken = internalToken ?? adminToken
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout / .seconds(1)
        session = URLSession(configuration: configuration)
    }

    /// `POST /api/ingest`: stores the user's message and returns the answer or the ticket.
    /// With `idempotencyKey`, sending the same question again (a retry after a time-out, a
    /// redelivered update) stores it once and returns the first answer.
    public func ingest(_ request: IngestRequest, idempotencyKey: String? = nil) async throws(IngestClientError)
        -> IngestResponse
    {
        try await call("POST", "/api/ingest", body: request, isAdmin: false, headers: ingestHeaders(idempotencyKey))
    }

    /// `POST /api/chats/{chat_id}/messages`: adds a message to the chat's history.
    @discardableResult
    public func storeMessage(_ message: NewChatMessage, in chatID: String) async throws(IngestClientError)
        -> ChatMessage
    {
        try await call("POST", "/api/chats/\(Self.pathSegment(chatID))/messages", body: message)
    }

    /// `GET /api/chats/{chat_id}/messages`: the newest `limit` messages, newest first.
    public func messages(of chatID: String, limit: Int = 20, before: Int64? = nil) async throws(IngestClientError)
        -> Page<ChatMessage>
    {
        var path = "/api/chats/\(Self.pathSegment(chatID))/messages?limit=\(limit)"
        if let before { path += "&before=\(before)" }
        return try await call("GET", path, body: Optional<String>.none)
    }

    /// `GET /api/chats/{chat_id}/mode`.
    public func mode(of chatID: String) async throws(IngestClientError) -> ChatMode {
        let answer: ModeBody = try await call(
            "GET", "/api/chats/\(Self.pathSegment(chatID))/mode", body: Optional<String>.none)
        return answer.mode
    }

    /// `PUT /api/chats/{chat_id}/mode`; returns the mode as ingest-api stored it.
    @discardableResult
    public func setMode(_ mode: ChatMode, of chatID: String) async throws(IngestClientError) -> ChatMode {
        let answer: ModeBody = try await call(
            "PUT", "/api/chats/\(Self.pathSegment(chatID))/mode", body: ModeBody(mode: mode))
        return answer.mode
    }

    /// The headers of `POST /api/ingest`: the internal token, the idempotency key.
    func ingestHeaders(_ idempotencyKey: String?) -> [String: String] {
        var headers: [String: String] = [:]
        if let internalToken { headers["Authorization"] = "Bearer \(internalToken)" }
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        return headers
    }

    /// `{"mode": …}` (a `chat_id` in the answer is ignored).
    struct ModeBody: Codable, Sendable {
        var mode: ChatMode
    }

    /// A chat id made safe for a path segment ("web-…" ids are free-form).
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? text
    }
}
