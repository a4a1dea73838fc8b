/// Status codes and their reason phrases; status lines are pre-encoded once.
public enum HTTPStatus {
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

    private static let encodedLines: [Int: [UInt8]] = reasons.mapValues { _ in [] }.reduce(into: [:]) { table, entry in
        table[entry.key] = Array("HTTP/1.1 \(entry.key) \(reason(entry.key))\r\n".utf8)
    }

    /// "HTTP/1.1 200 OK\r\n" as bytes.
    static func statusLine(_ code: Int) -> [UInt8] {
        encodedLines[code] ?? Array("HTTP/1.1 \(code) \(reason(code))\r\n".utf8)
    }
}
