import Admission
import Foundation
import HTTP1
import HTTPFetch
import HTTPServer

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Passes the dashboard's admin API calls to ingest-api at BACKEND_URL, so the page talks
/// to one origin (no CORS) whichever hub instance served it. Only the calls the dashboard
/// makes are forwarded; the token is checked here first, so requests without the admin
/// token never reach ingest-api through the hub.
final class AdminAPIProxy: Sendable {
    /// The admin API paths the dashboard uses (CONTRACT §3).
    static let routes: [(method: String, pattern: String)] = [
        ("GET", "/api/tickets"),
        ("GET", "/api/tickets/{id}"),
        ("PATCH", "/api/tickets/{id}"),
        ("GET", "/api/chats/{chat_id}/messages"),
        ("GET", "/api/chats/{chat_id}/mode"),
        ("PUT", "/api/chats/{chat_id}/mode"),
    ]
    /// Request headers worth passing on; hop-by-hop and cookie headers stay here.
    static let forwardedRequestHeaders = ["Authorization", "Content-Type", "Accept"]
    /// Response headers worth passing back.
    static let forwardedResponseHeaders = ["Content-Type", "WWW-Authenticate", "Retry-After"]
    /// The admin API's answers are pages of at most a few hundred items; anything far
    /// larger is not its shape and is refused (502), not buffered further.
    static let maxResponseBytes = 8 << 20

    /// ingest-api's base URL (BACKEND_URL), without a trailing slash.
    private let base: String
    private let gate: AdminGate
    private let session: URLSession
    /// The longest an upstream call may take before the caller gets 503.
    private let timeout: Duration

    /// `timeout`: CONTRACT §6 wants a down dependency reported (503) within 5 s.
    init(backendURL: URL, gate: AdminGate, timeout: Duration = .seconds(5)) {
        var base = backendURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        self.gate = gate
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout / .seconds(1)
        configuration.timeoutIntervalForResource = timeout / .seconds(1)
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    deinit { session.invalidateAndCancel() }

    /// The upstream answer to `request`, or the contract's error JSON: 401 without the
    /// admin token (429 after too many wrong ones from one address), 503 when ingest-api
    /// cannot be reached in time, 502 for a broken answer.
    func forward(_ request: HTTPRequest) async -> HTTPResponse {
        switch gate.check(request) {
        case .admin: break
        case .throttled: return gate.throttledResponse
        case .anonymous, .refused: return HTTPError.unauthorized().response
        }
        // The target as sent (still percent-encoded); the router has matched its path.
        guard let url = URL(string: base + request.target) else {
            return HTTPError.badRequest("the request target cannot be forwarded").response
        }
        var upstream = URLRequest(url: url)
        upstream.httpMethod = request.method == "HEAD" ? "GET" : request.method.rawValue
        for name in Self.forwardedRequestHeaders {
            if let value = request.headers[name] { upstream.setValue(value, forHTTPHeaderField: name) }
        }
        // The client, as this hub sees it: ingest-api brakes wrong tokens per client address,
        // and without this every dashboard would share the hub's address with the desk's own
        // processes (the hub is one of ingest-api's trusted proxies).
        upstream.setValue(gate.clientAddress(of: request), forHTTPHeaderField: "X-Forwarded-For")
        if !request.body.isEmpty { upstream.httpBody = Data(request.body) }
        let data: Data
        let response: HTTPURLResponse
        do {
            let (body, answer) = try await exchange(upstream)
            guard let http = answer as? HTTPURLResponse else {
                return Self.failure(502, "bad_gateway", "ingest-api gave no HTTP answer")
            }
            data = body
            response = http
        } catch {
            let reason = (error as? URLError).map { "URLError \($0.code.rawValue)" } ?? "\(error)"
            return Self.failure(503, "unavailable", "ingest-api unreachable at BACKEND_URL (\(reason))")
        }
        guard data.count <= Self.maxResponseBytes else {
            return Self.failure(502, "bad_gateway", "ingest-api answered over \(Self.maxResponseBytes) bytes")
        }
        var headers = HTTPHeaders()
        for name in Self.forwardedResponseHeaders {
            if let value = response.value(forHTTPHeaderField: name) { headers.set(name, value) }
        }
        headers.set("Cache-Control", "no-store")
        return HTTPResponse(status: HTTPStatus(response.statusCode), headers: headers, body: Array(data))
    }

    /// The upstream call under a deadline of our own: URLSession's time-out runs on its own
    /// timer thread, which a busy process may serve late; the contract wants the 503 in time.
    private func exchange(_ request: URLRequest) async throws -> (Data, URLResponse) {
        let session = session
        let timeout = timeout
        return try await withThrowingTaskGroup(of: (Data, URLResponse)?.self) { group in
            // `fetch`, not `data(for:)`: the latter can deadlock when cancelled (HTTPFetch).
            group.addTask { try await session.fetch(request) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let answer = first else { throw URLError(.timedOut) }
            return answer
        }
    }

    private static func failure(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        HTTPError(HTTPStatus(status), code: code, message: message).response
    }
}

extension Router {
    /// The admin API paths of `AdminAPIProxy.routes`, answered by `proxy`.
    mutating func addAdminAPIProxy(_ proxy: AdminAPIProxy) {
        for route in AdminAPIProxy.routes {
            add(HTTPMethod(route.method), route.pattern) { request in await proxy.forward(request) }
        }
    }
}
