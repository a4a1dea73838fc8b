import Admission
import HTTP1
import HTTPServer

/// The admin API's guard: `Authorization: Bearer $ADMIN_API_TOKEN`, with notify-hub's brake
/// on guessing it (`AdminGate`): past a few wrong tokens from one client address, that
/// address gets 429 for every token it presents until its budget refills. Without a
/// configured token every admin call is refused (CONTRACT §2), never let through.
struct AdminAuth: Sendable {
    /// The token and the wrong-token counts per client address.
    let gate: AdminGate

    /// Throws 401 unless `request` carries the token, 429 while its address is braked.
    func check(_ request: HTTPRequest) throws {
        guard gate.token.expected != nil else {
            throw HTTPError.unauthorized("the admin API is disabled: ADMIN_API_TOKEN is not set")
        }
        guard let header = request.headers["Authorization"], header.hasPrefix("Bearer ") else {
            throw HTTPError.unauthorized("missing 'Authorization: Bearer <ADMIN_API_TOKEN>'")
        }
        switch gate.check(request) {
        case .admin: return
        case .throttled: throw gate.throttledError
        case .anonymous, .refused: throw HTTPError.unauthorized("wrong admin token")
        }
    }

    /// What `request`'s bearer is against `token` (`INTERNAL_API_TOKEN`, say). While the
    /// address is braked no bearer is believed: the internal token defaults to the admin
    /// token, so `POST /api/ingest` must not become a way around the brake.
    func bearer(_ token: AdminToken, in request: HTTPRequest) -> Bearer {
        guard token.expected != nil, let header = request.headers["Authorization"], header.hasPrefix("Bearer ") else {
            return .none
        }
        guard !gate.isThrottled(gate.clientAddress(of: request)) else { return .wrong }
        return token.accepts(String(header.dropFirst(7))) ? .matches : .wrong
    }

    /// Counts a wrong bearer against `request`'s address, as a wrong admin token. Only for a
    /// request the right token would have changed the answer to (a guess that can tell): an
    /// integration posting to its `api` chats with a bearer of its own is not guessing.
    func recordWrongBearer(of request: HTTPRequest) {
        _ = gate.recordFailure(from: gate.clientAddress(of: request))
    }

    /// A request's `Authorization: Bearer` against one token.
    enum Bearer {
        case none, matches, wrong
    }
}

extension AdminAuth: Middleware {
    /// The route, for requests that carry the admin token.
    func handle(_ request: HTTPRequest, next: Responder) async throws -> HTTPResponse {
        try check(request)
        return try await next(request)
    }
}
