import Redis

/// Why a `StreamConsumer` handler did not handle an entry. A transient failure (a service
/// or Redis unreachable: an outage) is tried again and again and never parked; any other
/// counts towards the consumer's `deadLetterAfter`.
public struct HandlingFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong, kept with a parked entry.
    public var reason: String
    /// True for an outage rather than something wrong with the entry.
    public var isTransient: Bool

    public init(_ reason: String, isTransient: Bool = false) {
        self.reason = reason
        self.isTransient = isTransient
    }

    /// `error`, transient when it is Redis being unreachable or `isTransient` says so.
    public init(_ error: any Error, isTransient: (any Error) -> Bool = { _ in false }) {
        reason = "\(error)"
        switch error {
        case RedisError.connectionFailed, RedisError.io, RedisError.stopped: self.isTransient = true
        default: self.isTransient = isTransient(error)
        }
    }

    public var description: String { reason }
}
