import HTTP1
import HTTPServer

/// The `Idempotency-Key` header of the ingest routes (CONTRACT §3), checked before the
/// route runs: 1–200 visible ASCII characters, else 400. The route reads it as
/// `request.idempotencyKey`.
struct IdempotencyKeyCheck: Middleware {
    /// The longest key accepted.
    static let maxLength = 200

    func handle(_ request: HTTPRequest, next: Responder) async throws -> HTTPResponse {
        if let value = request.idempotencyKey {
            let bytes = value.utf8
            guard !bytes.isEmpty, bytes.count <= Self.maxLength, bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw HTTPError.badRequest("Idempotency-Key must be 1 to \(Self.maxLength) visible ASCII characters")
            }
        }
        return try await next(request)
    }
}

extension HTTPRequest {
    /// The `Idempotency-Key` header, as `IdempotencyKeyCheck` let it through; nil when absent.
    var idempotencyKey: String? { headers.values("Idempotency-Key").first }
}
