/// Why an upgrade request was refused, as the HTTP response to send instead of 101.
public struct WebSocketHandshakeRejection: Error, Sendable, CustomStringConvertible {
    /// The HTTP status: 400, 405 or 426.
    public var status: Int
    /// The status line's reason phrase ("Bad Request", …).
    public var reasonPhrase: String
    /// A one-line explanation for the response body and the logs.
    public var message: String
    /// Header fields the response must carry (`Allow`, `Upgrade`, `Sec-WebSocket-Version`).
    public var headers: [(name: String, value: String)]

    /// A rejection with every field given.
    public init(status: Int, reasonPhrase: String, message: String, headers: [(name: String, value: String)] = []) {
        self.status = status
        self.reasonPhrase = reasonPhrase
        self.message = message
        self.headers = headers
    }

    /// `"426 Upgrade Required: message"`, for logs.
    public var description: String { "\(status) \(reasonPhrase): \(message)" }

    /// A complete plain-text response (head and body) that also closes the connection.
    ///
    /// For servers that do not render it through their own response type.
    public func responseBytes() -> [UInt8] {
        let body = message + "\n"
        var head = "HTTP/1.1 \(status) \(reasonPhrase)\r\n"
        for (name, value) in headers {
            head += name + ": " + value + "\r\n"
        }
        head += "Content-Type: text/plain; charset=utf-8\r\n"
        head += "Content-Length: \(body.utf8.count)\r\n"
        head += "Connection: close\r\n\r\n"
        return Array((head + body).utf8)
    }

    /// 405: the upgrade request was not a GET.
    static func methodNotAllowed() -> WebSocketHandshakeRejection {
        WebSocketHandshakeRejection(
            status: 405, reasonPhrase: "Method Not Allowed", message: "a WebSocket upgrade must use GET",
            headers: [("Allow", "GET")])
    }

    /// 400: anything malformed.
    static func badRequest(_ message: String) -> WebSocketHandshakeRejection {
        WebSocketHandshakeRejection(status: 400, reasonPhrase: "Bad Request", message: message)
    }

    /// 426: not an upgrade to a WebSocket version we speak; tells the client what to use.
    static func upgradeRequired(_ message: String, mentionsUpgrade: Bool) -> WebSocketHandshakeRejection {
        var headers: [(name: String, value: String)] = []
        if mentionsUpgrade {
            // RFC 9110 §15.5.22: a 426 names the protocol to upgrade to.
            headers.append(("Upgrade", "websocket"))
        }
        headers.append(("Sec-WebSocket-Version", "13"))
        return WebSocketHandshakeRejection(
            status: 426, reasonPhrase: "Upgrade Required", message: message, headers: headers)
    }
}
