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

    /// Whether `request` presents `token` (`INTERNAL_API_TOKEN`, say) as its bearer. A wrong
    /// bearer counts against its address like a wrong admin token, and while the address is
    /// braked no bearer is believed: the internal token defaults to the admin token, so
    /// `POST /api/ingest` must not become a way around the brake.
    func presents(_ token: AdminToken, in request: HTTPRequest) -> Bool {
        guard token.expected != nil, let header = request.headers["Authorization"], header.hasPrefix("Bearer ") else {
            return false
        }
        let address = gate.clientAddress(of: request)
        guard !gate.isThrottled(address) else { return false }
        if token.accepts(String(header.dropFirst(7))) { return true }
        gate.recordFailure(from: address)
        return false
    }
}

extension AdminAuth: Middleware {
    /// The route, for requests that carry the admin token.
    func handle(_ request: HTTPRequest, next: Responder) async throws -> HTTPResponse {
        try check(request)
        return try await next(request)
    }
}
