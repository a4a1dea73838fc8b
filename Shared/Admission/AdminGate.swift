import HTTP1
import HTTPServer

/// The door of notify-hub's admin endpoints (`/notify`, the dashboard ticket, the admin
/// pipeline REST calls, the admin API proxy): the admin token, and a brake on guessing it.
///
/// Wrong tokens are counted per client address (the one the visitor limits use, so behind a
/// trusted proxy it is the real client). Past `failureBudget` of them the address gets 429
/// for every admin credential it presents, right or wrong, until its budget refills: a
/// right guess must not be told apart from a wrong one while the brake is on. Requests
/// without any credential are not counted (the public counts of `connections` stay usable).
public struct AdminGate: Sendable {
    /// What a request's credentials are worth.
    public enum Verdict: Equatable {
        /// The admin token.
        case admin
        /// No credential at all.
        case anonymous
        /// A wrong credential (counted).
        case refused
        /// Too many wrong credentials from this address lately: 429.
        case throttled
    }

    /// The admin token (ADMIN_API_TOKEN).
    public let token: AdminToken
    /// Wrong credentials per client address.
    private let failures: RateLimiter
    /// Whose `X-Forwarded-For` is believed.
    private let trustedProxies: TrustedProxies
    /// Seconds after which one more attempt is likely allowed, for `Retry-After`.
    public let retryAfterSeconds: Int

    /// `failuresPerMinute` wrong credentials per address are allowed at once, then that many a
    /// minute.
    public init(token: AdminToken, failuresPerMinute: Int, trustedProxies: TrustedProxies, maxTrackedClients: Int = 100_000) {
        self.token = token
        failures = .perMinute(failuresPerMinute, maxKeys: maxTrackedClients)
        self.trustedProxies = trustedProxies
        retryAfterSeconds = max(1, 60 / max(1, failuresPerMinute))
    }

    /// The verdict on `request`'s `Authorization: Bearer …` (and its `?token=` when
    /// `allowQueryToken`, for `/notify`).
    public func check(_ request: HTTPRequest, allowQueryToken: Bool = false) -> Verdict {
        var candidates: [String] = []
        if allowQueryToken, let query = request.query["token"] { candidates.append(query) }
        if let authorization = request.headers["Authorization"] {
            candidates.append(authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst(7)) : authorization)
        }
        guard !candidates.isEmpty else { return .anonymous }
        let address = clientAddress(of: request)
        if failures.isExhausted(address) { return .throttled }
        if candidates.contains(where: token.accepts) { return .admin }
        return recordFailure(from: address) ? .refused : .throttled
    }

    /// Counts one wrong credential (a bad ticket, say) from `address`; false once it is over
    /// its budget.
    @discardableResult
    public func recordFailure(from address: String) -> Bool {
        failures.allow(address)
    }

    /// Whether `address` is braked now (for credentials checked elsewhere, such as tickets).
    public func isThrottled(_ address: String) -> Bool {
        failures.isExhausted(address)
    }

    /// The address the brake counts `request` against.
    public func clientAddress(of request: HTTPRequest) -> String {
        ClientAddress.of(request, trustedProxies: trustedProxies)
    }

    /// The 429 of a braked address, in the contract's error JSON.
    public var throttledResponse: HTTPResponse { throttledError.response }

    /// The 429 of a braked address, for handlers that throw their refusals.
    public var throttledError: HTTPError {
        HTTPError(
            429, code: "rate_limited", message: "too many wrong admin tokens from your address; try again later",
            headers: ["Retry-After": String(retryAfterSeconds)])
    }
}
