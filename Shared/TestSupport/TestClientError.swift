import WebSocket

/// Why a blocking test client gave up.
public enum TestClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed with this `errno`.
    case system(function: String, errno: Int32)
    /// Nothing (or not enough) arrived before the time-out.
    case timedOut
    /// The server closed the connection before the expected data arrived.
    case connectionClosed
    /// The server's HTTP response could not be parsed.
    case malformedResponse(String)
    /// The server answered the upgrade request with another status than 101.
    case upgradeRefused(status: Int)
    /// The server broke the WebSocket protocol (for example a masked or invalid frame).
    case protocolError(WebSocketProtocolError)
    /// A message of another kind than the test expected arrived.
    case unexpectedMessage(String)

    /// A readable explanation for test failures.
    public var description: String {
        switch self {
        case .system(let function, let errno): "\(function) failed with errno \(errno)"
        case .timedOut: "timed out"
        case .connectionClosed: "connection closed by the server"
        case .malformedResponse(let detail): "malformed HTTP response: \(detail)"
        case .upgradeRefused(let status): "upgrade refused with status \(status)"
        case .protocolError(let error): "WebSocket protocol error \(error)"
        case .unexpectedMessage(let detail): "unexpected message: \(detail)"
        }
    }
}
