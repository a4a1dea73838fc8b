/// The status code carried in the first two bytes of a close frame (RFC 6455 §7.4).
///
/// A struct rather than an enum so that any code a peer sends (including the
/// application range 4000–4999) can be represented and echoed back unchanged.
public struct WebSocketCloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code as it travels on the wire (big-endian there, native here).
    public var rawValue: UInt16

    /// Wraps any code; see ``isValidInCloseFrame`` for which ones a peer may send.
    @inlinable
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// 1000: the purpose of the connection is fulfilled.
    public static let normalClosure = WebSocketCloseCode(rawValue: 1000)
    /// 1001: the endpoint is going away (server shutdown, page navigated away).
    public static let goingAway = WebSocketCloseCode(rawValue: 1001)
    /// 1002: the peer broke the protocol (bad framing, unmasked client frame, …).
    public static let protocolError = WebSocketCloseCode(rawValue: 1002)
    /// 1003: a data type the endpoint cannot accept (for example binary where only text is expected).
    public static let unsupportedData = WebSocketCloseCode(rawValue: 1003)
    /// 1007: message data inconsistent with its type, in practice invalid UTF-8 in text.
    public static let invalidPayload = WebSocketCloseCode(rawValue: 1007)
    /// 1008: a generic policy violation (used for clients that cannot keep up).
    public static let policyViolation = WebSocketCloseCode(rawValue: 1008)
    /// 1009: a frame or message larger than the configured limit.
    public static let messageTooBig = WebSocketCloseCode(rawValue: 1009)
    /// 1011: the server met an unexpected condition.
    public static let internalError = WebSocketCloseCode(rawValue: 1011)
    /// 1013: a temporary condition (overload); the client may reconnect later.
    public static let tryAgainLater = WebSocketCloseCode(rawValue: 1013)

    /// Whether a peer may put this code in a close frame.
    ///
    /// RFC 6455 §7.4 defines 1000–1003 and 1007–1011 and reserves 1004–1006 and 1015
    /// (1005 and 1006 only ever describe a close locally). 1012–1014 were registered
    /// with IANA later (service restart, try again later, bad gateway) and are
    /// accepted because we send 1013 ourselves. 3000–3999 (registered libraries)
    /// and 4000–4999 (private use) are open; everything else is invalid.
    @inlinable
    public var isValidInCloseFrame: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }

    /// The numeric code, for logs.
    public var description: String { String(rawValue) }
}
