import HTTP1
import HTTPServer

/// The admin API's guard: `Authorization: Bearer $ADMIN_API_TOKEN`. Without a configured
/// token every admin call is refused (CONTRACT §2), never let through.
struct AdminAuth: Sendable {
    /// The token, nil when `ADMIN_API_TOKEN` is not set.
    let token: String?

    /// Throws 401 unless `request` carries the token.
    func check(_ request: HTTPRequest) throws {
        guard let token else {
            throw HTTPError.unauthorized("the admin API is disabled: ADMIN_API_TOKEN is not set")
        }
        guard let header = request.headers["Authorization"], header.hasPrefix("Bearer ") else {
            throw HTTPError.unauthorized("missing 'Authorization: Bearer <ADMIN_API_TOKEN>'")
        }
        guard Self.constantTimeEquals(Array(header.utf8.dropFirst(7)), Array(token.utf8)) else {
            throw HTTPError.unauthorized("wrong admin token")
        }
    }

    /// Compares without an early exit, so timing does not tell how much of a guess was right.
    static func constantTimeEquals(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }
}
