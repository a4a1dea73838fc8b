import Foundation
import HTTPFetch

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Calls the Telegram Bot API: `POST {base}/bot{token}/{method}` with a JSON body, the
/// answer's envelope unwrapped into a result or a `BotAPIError`.
///
/// `base` is `TELEGRAM_API_BASE`: api.telegram.org, a local Bot API server or a test double.
/// The token is part of every URL, so URLs are never logged; errors never include them.
public final class BotAPIClient: Sendable {
    /// Where the API is, without the `/bot…` part.
    public let baseURL: URL
    /// The bot's token.
    private let token: String

    /// The bot's numeric id: the part of the token before ":" (public, unlike the rest).
    /// Names things that belong to this bot, such as the idempotency keys of its updates.
    public var botID: String { String(token.prefix(while: { $0 != ":" })) }
    /// How long an ordinary call may take; long polls add their own wait to it.
    public let requestTimeout: Duration
    /// The HTTP client; one per API client so its connections are reused.
    private let session: URLSession

    /// Creates a client; it does not connect before the first call.
    public init(token: String, baseURL: URL, requestTimeout: Duration = .seconds(15)) {
        self.token = token
        self.baseURL = baseURL
        self.requestTimeout = requestTimeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = requestTimeout / .seconds(1)
        configuration.httpMaximumConnectionsPerHost = 16
        session = URLSession(configuration: configuration)
    }

    /// Calls `method` with `parameters` (encoded as JSON) and decodes its `result`.
    ///
    /// - Parameter extraWait: how long the server may legitimately hold the call (getUpdates'
    ///   long-poll `timeout`), added to the request time-out.
    public func call<Parameters: Encodable & Sendable, Result: Decodable & Sendable>(
        _ method: String, _ parameters: Parameters, extraWait: Duration = .zero, as type: Result.Type = Result.self
    ) async throws(BotAPIError) -> Result {
        let body: Data
        do {
            body = try JSONEncoder().encode(parameters)
        } catch {
            throw .transport("cannot encode the parameters of \(method): \(error)")
        }
        let (status, data) = try await post(method, body: body, timeout: requestTimeout + extraWait)
        return try Self.unwrap(method, status: status, data: data)
    }

    /// Sends the request and returns the status and body.
    private func post(_ method: String, body: Data, timeout: Duration) async throws(BotAPIError) -> (Int, Data) {
        let base =
            baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        guard let url = URL(string: base + "/bot" + token + "/" + method) else {
            throw .transport("TELEGRAM_API_BASE and the token do not form a URL")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout / .seconds(1))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        do {
            let (data, response) = try await session.fetch(request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        } catch {
            // URLError's text can include the URL, hence the token: keep only its code.
            let code = (error as? URLError).map { "URLError \($0.code.rawValue)" } ?? "\(type(of: error))"
            throw .transport("\(method): \(code)")
        }
    }

    /// Unwraps the envelope; a non-JSON answer becomes `.badResponse`.
    static func unwrap<Result: Decodable>(_ method: String, status: Int, data: Data) throws(BotAPIError) -> Result {
        let envelope: BotAPIResponse<Result>
        do {
            envelope = try JSONDecoder().decode(BotAPIResponse<Result>.self, from: data)
        } catch {
            throw .badResponse(status: status, "\(method): not the Bot API's JSON (\(data.count) bytes)")
        }
        if envelope.ok, let result = envelope.result { return result }
        if envelope.ok { throw .badResponse(status: status, "\(method): ok without a result") }
        throw .refused(
            code: envelope.errorCode ?? status, description: envelope.description ?? "no description",
            retryAfter: envelope.parameters?.retryAfter, migrateToChatID: envelope.parameters?.migrateToChatID)
    }
}
