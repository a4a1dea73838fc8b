/// A validated opening handshake (RFC 6455 §4.2) and the 101 response that completes it.
///
/// The HTTP layer parses the request head, then calls
/// ``init(method:httpVersion:header:)``: on success it writes ``responseHead(extraHeaders:)``
/// and hands the connection to a ``WebSocketSession``; on failure it answers with the
/// ``WebSocketHandshakeRejection``. Authorization (the 401 of CONTRACT §6) is the
/// caller's and comes first. No extension or subprotocol is ever negotiated.
public struct WebSocketHandshake: Sendable, Hashable {
    /// The fixed GUID of RFC 6455 §1.3 appended to the key before hashing.
    public static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// The client's `Sec-WebSocket-Key`, whitespace trimmed.
    public let key: String
    /// The `Sec-WebSocket-Accept` value proving the server read the key.
    public let acceptValue: String

    /// Validates an upgrade request.
    ///
    /// - Parameters:
    ///   - method: The request method, exactly as sent (methods are case-sensitive).
    ///   - httpVersion: The version from the request line, such as `"HTTP/1.1"`.
    ///   - header: Looks up a header field by name, case-insensitively; `nil` when absent.
    ///     Repeated fields should come back joined with commas.
    /// - Throws: 405 for a method other than GET; 400 for another HTTP version, a
    ///   `Connection` without `upgrade`, or a key that is not base64 of 16 bytes; 426 (with
    ///   `Sec-WebSocket-Version: 13`) without `Upgrade: websocket` or for a version other than 13.
    public init(
        method: String, httpVersion: String, header: (String) -> String?
    ) throws(WebSocketHandshakeRejection) {
        guard method == "GET" else { throw .methodNotAllowed() }
        guard httpVersion == "HTTP/1.1" else {
            throw .badRequest("a WebSocket upgrade needs HTTP/1.1")
        }
        guard Self.tokens(of: header("Upgrade")).contains("websocket") else {
            throw .upgradeRequired("this endpoint needs an upgrade to websocket", mentionsUpgrade: true)
        }
        guard Self.tokens(of: header("Connection")).contains("upgrade") else {
            throw .badRequest("the Connection header lacks the upgrade token")
        }
        guard Self.trimmed(header("Sec-WebSocket-Version") ?? "") == "13" else {
            throw .upgradeRequired("only WebSocket version 13 is supported", mentionsUpgrade: false)
        }
        let key = Self.trimmed(header("Sec-WebSocket-Key") ?? "")
        guard Base64.decode(key)?.count == 16 else {
            throw .badRequest("Sec-WebSocket-Key must be the base64 form of 16 bytes")
        }
        self.key = key
        acceptValue = Self.acceptValue(forKey: key)
    }

    /// `base64(SHA-1(key + GUID))`, the `Sec-WebSocket-Accept` value for `key`.
    public static func acceptValue(forKey key: String) -> String {
        Base64.encode(SHA1.hash(Array((key + acceptGUID).utf8)))
    }

    /// A fresh `Sec-WebSocket-Key` for a client: base64 of 16 random bytes (RFC 6455 §4.1).
    public static func makeClientKey() -> String {
        Base64.encode((0..<16).map { _ in UInt8.random(in: 0...255) })
    }

    /// The complete `101 Switching Protocols` head, blank line included, ready to write.
    ///
    /// `extraHeaders` are appended as given; CR and LF are removed from them so a value
    /// cannot smuggle in further header lines.
    public func responseHead(extraHeaders: [(name: String, value: String)] = []) -> [UInt8] {
        var head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        head += "Sec-WebSocket-Accept: " + acceptValue + "\r\n"
        for (name, value) in extraHeaders {
            head += Self.singleLine(name) + ": " + Self.singleLine(value) + "\r\n"
        }
        head += "\r\n"
        return Array(head.utf8)
    }

    /// The lower-cased tokens of a comma-separated header value (RFC 9110 §5.6.1).
    static func tokens(of value: String?) -> [String] {
        guard let value else { return [] }
        return value.split(separator: ",").map { trimmed(String($0)).lowercased() }.filter { !$0.isEmpty }
    }

    /// `text` without leading and trailing spaces and tabs (HTTP's optional whitespace).
    static func trimmed(_ text: String) -> String {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isWhitespace($0) }),
            let last = text.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(text[first...last])
    }

    /// `text` with CR and LF removed.
    private static func singleLine(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
    }
}
