/// Why a request could not be parsed; each maps to the status the server answers with.
public enum HTTPParseError: Error, Equatable, Sendable {
    /// Request line and headers over the limit → 431.
    case headTooLarge
    /// Body over the limit → 413.
    case bodyTooLarge
    /// Syntax the server will not guess at → 400, with what was wrong.
    case malformed(String)
    /// A transfer coding other than chunked → 501.
    case unsupportedTransferEncoding
    /// Not HTTP/1.0 or 1.1 → 505.
    case unsupportedVersion

    /// The status code to answer with.
    public var status: HTTPStatus {
        switch self {
        case .headTooLarge: 431
        case .bodyTooLarge: 413
        case .malformed: 400
        case .unsupportedTransferEncoding: 501
        case .unsupportedVersion: 505
        }
    }

    /// The contract's error code string.
    public var code: String {
        switch self {
        case .headTooLarge: "headers_too_large"
        case .bodyTooLarge: "payload_too_large"
        case .malformed: "bad_request"
        case .unsupportedTransferEncoding: "not_implemented"
        case .unsupportedVersion: "http_version_not_supported"
        }
    }

    /// A sentence for the error body.
    public var message: String {
        switch self {
        case .headTooLarge: "request head too large"
        case .bodyTooLarge: "request body too large"
        case .malformed(let reason): reason
        case .unsupportedTransferEncoding: "only chunked transfer coding is supported"
        case .unsupportedVersion: "only HTTP/1.0 and HTTP/1.1 are supported"
        }
    }
}
