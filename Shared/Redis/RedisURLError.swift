/// Why a `redis://` URL could not be parsed.
///
/// The reason names the part that is wrong and quotes only parts that are not secret,
/// so the error can be logged as is: the password never appears in it.
public struct RedisURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for example "port must be a number from 1 to 65535, got 'abc'".
    public let reason: String

    /// Creates an error with a human-readable reason.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// "invalid Redis URL: " followed by the reason.
    public var description: String { "invalid Redis URL: \(reason)" }
}
