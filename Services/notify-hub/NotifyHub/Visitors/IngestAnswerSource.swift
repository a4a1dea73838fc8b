import Domain
import Foundation
import HTTPFetch

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The desk as web visitors reach it: ingest-api at `BACKEND_URL` (CONTRACT §3), over
/// URLSession. Asks for a streamed answer (`Accept: text/event-stream`) and takes plain
/// JSON just as well, so it works whether or not ingest-api streams.
///
/// Written here rather than over `Shared/IngestClient` because that module is not in main
/// yet; once it is (with streaming), this type can delegate to it unchanged for callers.
public final class IngestAnswerSource: AnswerSource, VisitorMessageStore {
    /// Where ingest-api is.
    public let baseURL: URL
    /// For `POST /api/chats/{chat_id}/messages`, an admin endpoint.
    private let adminToken: String?
    /// `INTERNAL_API_TOKEN`, sent with questions: web chats are the desk's own (CONTRACT §3).
    private let internalToken: String?
    /// The time-outs every session of this source uses.
    private let configuration: URLSessionConfiguration
    /// For the plain calls; streamed answers get a session of their own (see `IngestExchange`).
    private let session: URLSession

    /// `timeoutSeconds` bounds the silence between bytes (a streamed answer may take
    /// longer in total, up to four times that).
    public init(baseURL: URL, adminToken: String?, internalToken: String? = nil, timeoutSeconds: Double = 30) {
        self.baseURL = baseURL
        self.adminToken = adminToken
        self.internalToken = internalToken ?? adminToken
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds * 4
        self.configuration = configuration
        session = URLSession(configuration: configuration)
    }

    /// `POST /api/ingest`, streamed when ingest-api streams (see `IngestStreamReader`).
    public func answer(_ request: IngestRequest, onPiece: @escaping @Sendable (String) -> Void) async throws(DeskError)
        -> IngestResponse
    {
        var urlRequest = try makeRequest("POST", "/api/ingest", body: request)
        urlRequest.setValue("text/event-stream, application/json;q=0.9", forHTTPHeaderField: "Accept")
        if let internalToken { urlRequest.setValue("Bearer \(internalToken)", forHTTPHeaderField: "Authorization") }
        return try await IngestExchange.run(urlRequest, configuration: configuration, onPiece: onPiece).get()
    }

    /// `POST /api/chats/{chat_id}/messages` with the admin token: `sender` user, `direction` in.
    public func store(visitorMessage text: String, chatID: String, user: ChatUser) async throws(DeskError) {
        let body = StoredMessage(text: text, sender: "user", direction: "in", user: user)
        var request = try makeRequest("POST", "/api/chats/\(Self.pathSegment(chatID))/messages", body: body)
        if let adminToken { request.setValue("Bearer \(adminToken)", forHTTPHeaderField: "Authorization") }
        let status: Int
        let data: Data
        do {
            let (answer, response) = try await session.fetch(request)
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
            data = answer
        } catch {
            throw .unreachable((error as? URLError).map { "URLError \($0.code.rawValue)" } ?? "\(error)")
        }
        if status == 503 { throw .unreachable("ingest-api answered 503") }
        guard (200..<300).contains(status) else {
            let message = (try? JSONDecoder().decode(APIErrorBody.self, from: data))?.error.message
            throw .badAnswer("HTTP \(status): \(message ?? "no error JSON")")
        }
    }

    /// The body of `POST /api/chats/{chat_id}/messages` for a visitor's message.
    private struct StoredMessage: Encodable {
        let text: String
        let sender: String
        let direction: String
        let user: ChatUser
    }

    /// A JSON request to `path` under `baseURL`.
    private func makeRequest<Body: Encodable>(_ method: String, _ path: String, body: Body) throws(DeskError)
        -> URLRequest
    {
        let base =
            baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        guard let url = URL(string: base + path) else { throw .badAnswer("bad URL \(base + path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        do {
            request.httpBody = try JSONEncoder().encode(body)
        } catch {
            throw .badAnswer("cannot encode the request: \(error)")
        }
        return request
    }

    /// A chat id made safe for one path segment.
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? text
    }
}
