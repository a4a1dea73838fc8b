/// Checks the admin token (CONTRACT §2: no token configured → everyone is refused).
public struct AdminToken: Sendable {
    /// ADMIN_API_TOKEN; nil when not configured.
    public let expected: String?

    /// A check against `expected`.
    public init(expected: String?) {
        self.expected = expected
    }

    /// True when `candidate` equals the configured token; compares in time independent of
    /// where the strings differ, so the token cannot be guessed byte by byte.
    public func accepts(_ candidate: String?) -> Bool {
        guard let expected, let candidate else { return false }
        let a = Array(expected.utf8)
        let b = Array(candidate.utf8)
        var difference = a.count ^ b.count
        for index in 0..<max(a.count, b.count) {
            difference |= Int((index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0))
        }
        return difference == 0
    }

    // Which credentials of a request are looked at, and the brake on wrong ones: AdminGate.
}
