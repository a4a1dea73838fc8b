/// What went wrong talking to Redis.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with an error reply; the message is the server's, for example
    /// "WRONGTYPE Operation against a key holding the wrong kind of value". The connection is fine.
    case server(String)
    /// No usable connection could be made: the server is unreachable, refused, did not answer
    /// in time, or refused `AUTH`/`SELECT`. The message names the address and the cause.
    case connectionFailed(String)
    /// Reading or writing an established connection failed (closed by the server, reset,
    /// timed out). The connection is marked broken and is not used again.
    case io(String)
    /// A reply that cannot be represented, for example nested deeper than the limit.
    case protocolViolation(String)
    /// The command itself cannot be sent, for example an empty one, or one that would
    /// leave a shared connection in subscriber mode.
    case invalidCommand(String)
    /// A typed helper got a reply of another kind than the command documents.
    case unexpectedReply(String)
    /// The subscriber was stopped before the request completed.
    case stopped

    /// One line naming the kind of failure and its details.
    public var description: String {
        switch self {
        case .server(let message): "Redis error: \(message)"
        case .connectionFailed(let message): "Redis connection failed: \(message)"
        case .io(let message): "Redis I/O error: \(message)"
        case .protocolViolation(let message): "Redis protocol error: \(message)"
        case .invalidCommand(let message): "invalid Redis command: \(message)"
        case .unexpectedReply(let message): "unexpected Redis reply: \(message)"
        case .stopped: "Redis subscriber stopped"
        }
    }
}
