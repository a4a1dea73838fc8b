/// A reply of a Redis server (RESP2), copied out of hiredis into Swift values.
///
/// No part of it points into C memory: it can be kept, stored and sent across threads.
public enum RedisReply: Sendable, Hashable {
    /// A bulk string, exactly as stored (binary-safe).
    case string([UInt8])
    /// A status line such as `OK` or `PONG`.
    case status(String)
    /// An error line such as `WRONGTYPE Operation against a key holding the wrong kind of value`.
    case error(String)
    /// An integer.
    case integer(Int)
    /// A multi-bulk reply; its elements may themselves be arrays, up to a depth limit.
    case array([RedisReply])
    /// The null bulk string or null array (for example `GET` of a missing key).
    case null

    /// The text of a bulk string or status; invalid UTF-8 in a bulk string is replaced by
    /// U+FFFD (use `bytes` for the exact contents). Nil for other kinds.
    public var text: String? {
        switch self {
        case .string(let bytes): String(decoding: bytes, as: UTF8.self)
        case .status(let status): status
        default: nil
        }
    }

    /// The bytes of a bulk string; nil for other kinds.
    public var bytes: [UInt8]? {
        if case .string(let bytes) = self { bytes } else { nil }
    }

    /// The value of an integer reply; nil for other kinds.
    public var integerValue: Int? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// The elements of an array reply; nil for other kinds.
    public var arrayValue: [RedisReply]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// The message of an error reply; nil for other kinds.
    public var errorMessage: String? {
        if case .error(let message) = self { message } else { nil }
    }

    /// True for the null reply.
    public var isNull: Bool {
        if case .null = self { true } else { false }
    }
}
