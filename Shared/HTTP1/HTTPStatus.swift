/// A response status code. An integer literal is a status, so `HTTPResponse(status: 201)` and
/// `response.status == 404` read as before; the common codes have names.
public struct HTTPStatus: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    /// The three-digit code.
    public let code: Int

    public init(_ code: Int) { self.code = code }
    public init(rawValue: Int) { code = rawValue }
    public init(integerLiteral value: Int) { code = value }

    public var rawValue: Int { code }
    public var description: String { String(code) }
    public static func < (lhs: HTTPStatus, rhs: HTTPStatus) -> Bool { lhs.code < rhs.code }

    /// The reason phrase sent in the status line, e.g. "Not Found".
    public var reasonPhrase: String { Self.reason(code) }

    public static let `continue`: HTTPStatus = 100
    public static let switchingProtocols: HTTPStatus = 101
    public static let ok: HTTPStatus = 200
    public static let created: HTTPStatus = 201
    public static let accepted: HTTPStatus = 202
    public static let noContent: HTTPStatus = 204
    public static let notModified: HTTPStatus = 304
    public static let badRequest: HTTPStatus = 400
    public static let unauthorized: HTTPStatus = 401
    public static let forbidden: HTTPStatus = 403
    public static let notFound: HTTPStatus = 404
    public static let methodNotAllowed: HTTPStatus = 405
    public static let requestTimeout: HTTPStatus = 408
    public static let conflict: HTTPStatus = 409
    public static let contentTooLarge: HTTPStatus = 413
    public static let unprocessableContent: HTTPStatus = 422
    public static let tooManyRequests: HTTPStatus = 429
    public static let requestHeaderFieldsTooLarge: HTTPStatus = 431
    public static let internalServerError: HTTPStatus = 500
    public static let notImplemented: HTTPStatus = 501
    public static let badGateway: HTTPStatus = 502
    public static let serviceUnavailable: HTTPStatus = 503
    public static let gatewayTimeout: HTTPStatus = 504
    public static let httpVersionNotSupported: HTTPStatus = 505

    static let reasons: [Int: String] = [
        100: "Continue", 101: "Switching Protocols", 200: "OK", 201: "Created", 202: "Accepted",
        204: "No Content", 301: "Moved Permanently", 302: "Found", 304: "Not Modified",
        400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 411: "Length Required",
        413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type", 417: "Expectation Failed",
        422: "Unprocessable Content", 426: "Upgrade Required", 429: "Too Many Requests",
        431: "Request Header Fields Too Large", 500: "Internal Server Error", 501: "Not Implemented",
        502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout", 505: "HTTP Version Not Supported",
    ]

    /// The reason phrase for `code`, or a generic one.
    public static func reason(_ code: Int) -> String { reasons[code] ?? "Status \(code)" }

    private static let encodedLines: [Int: [UInt8]] = reasons.reduce(into: [:]) { table, entry in
        table[entry.key] = Array("HTTP/1.1 \(entry.key) \(entry.value)\r\n".utf8)
    }

    /// "HTTP/1.1 200 OK\r\n" as bytes.
    var statusLine: [UInt8] {
        Self.encodedLines[code] ?? Array("HTTP/1.1 \(code) \(Self.reason(code))\r\n".utf8)
    }
}
