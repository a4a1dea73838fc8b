/// A violation of RFC 6455 (or of our limits) by the peer, with the code to close with.
public struct WebSocketProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The close code the connection is failed with (1002, 1007 or 1009 in practice).
    public var closeCode: WebSocketCloseCode
    /// A short ASCII explanation; it is sent as the close reason, so it stays under 123 bytes.
    public var reason: String

    /// An error closing with `closeCode` and explaining itself with `reason`.
    public init(_ closeCode: WebSocketCloseCode, _ reason: String) {
        self.closeCode = closeCode
        self.reason = reason
    }

    /// `"1002: reason"`, for logs.
    public var description: String { "\(closeCode.rawValue): \(reason)" }
}
