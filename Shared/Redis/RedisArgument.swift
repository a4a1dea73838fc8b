/// One argument of a Redis command: bytes sent exactly as given (binary-safe).
///
/// String and integer literals convert implicitly, so `["SET", "key:\(id)", 42]` is a
/// valid command; `RedisArgument(bytes)` passes arbitrary bytes, NUL included.
public struct RedisArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByStringInterpolation
{
    /// The bytes sent to the server.
    public var bytes: [UInt8]

    /// An argument made of arbitrary bytes.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// An argument made of the UTF-8 bytes of `text`.
    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// An argument made of the decimal digits of `number`, as Redis expects integers.
    public init(_ number: Int) {
        self.bytes = Array(String(number).utf8)
    }

    /// Creates an argument from a string literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// Creates an argument from an interpolated string literal.
    public init(stringInterpolation: DefaultStringInterpolation) {
        self.init(String(stringInterpolation: stringInterpolation))
    }

    /// Creates an argument from an integer literal.
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}
