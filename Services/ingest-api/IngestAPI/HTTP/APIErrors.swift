import HTTP1
import HTTPServer

/// The one place where what the stores throw becomes the contract's error JSON (CONTRACT
/// §3: 503 when PostgreSQL or Redis is down, 409 and 422 for the data's rules). Runs around
/// every API route; refused input (`InputRefusal`) becomes 400 or 403; `HTTPError`s (the
/// routes' own checks, auth) pass through as they are; anything else is the server's
/// logged 500.
struct APIErrors: Middleware {
    func handle(_ request: HTTPRequest, next: Responder) async throws -> HTTPResponse {
        do {
            return try await next(request)
        } catch let error as StoreError {
            throw Self.httpError(for: error)
        } catch let refusal as InputRefusal {
            throw Self.httpError(for: refusal)
        }
    }

    /// A refused input: 400 for what is malformed, 403 for what the caller may not write.
    static func httpError(for refusal: InputRefusal) -> HTTPError {
        switch refusal {
        case .invalid(let message): HTTPError.badRequest(message)
        case .forbidden(let message): HTTPError(403, code: "forbidden", message: message)
        }
    }

    /// The status and error code of `error`; its description is the message.
    static func httpError(for error: StoreError) -> HTTPError {
        let (status, code): (HTTPStatus, String) =
            switch error {
            case .schemaNotReady, .databaseUnavailable, .databaseTimedOut, .redisUnavailable: (503, "unavailable")
            case .chatHasOpenTicket: (409, "conflict")
            case .requestInProgress: (409, "in_progress")
            case .requestKeyReused: (422, "idempotency_key_reused")
            }
        return HTTPError(status, code: code, message: error.description)
    }
}
