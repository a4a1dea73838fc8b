import HTTP1

/// An error a handler throws to answer with a status and the contract's error JSON
/// (`{"error":{"code":…,"message":…}}`). Any other error becomes a logged 500.
public struct HTTPError: Error, Sendable {
    public let status: HTTPStatus
    public let code: String
    public let message: String
    /// Extra response headers, e.g. `WWW-Authenticate` or `Retry-After`.
    public var headers: HTTPHeaders

    public init(_ status: HTTPStatus, code: String, message: String, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public static func badRequest(_ message: String) -> HTTPError { HTTPError(400, code: "bad_request", message: message) }
    public static func unauthorized(_ message: String = "missing or wrong admin token") -> HTTPError {
        HTTPError(401, code: "unauthorized", message: message, headers: ["WWW-Authenticate": "Bearer"])
    }
    public static func notFound(_ message: String = "not found") -> HTTPError {
        HTTPError(404, code: "not_found", message: message)
    }
    public static func unavailable(_ message: String) -> HTTPError {
        HTTPError(503, code: "unavailable", message: message)
    }

    /// The response this error renders as.
    public var response: HTTPResponse {
        var response = HTTPResponse.error(status: status, code: code, message: message)
        for field in headers { response.headers.set(field.name, field.value) }
        return response
    }
}
