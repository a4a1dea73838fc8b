/// One call of `subscribe`, `psubscribe`, `unsubscribe` or `punsubscribe`, queued for the
/// subscriber thread, with the caller waiting for the server's confirmation.
struct SubscriptionRequest: Sendable {
    /// Which of the four commands.
    enum Kind: Sendable {
        case subscribe, patternSubscribe, unsubscribe, patternUnsubscribe

        /// The Redis command name.
        var command: RedisArgument {
            switch self {
            case .subscribe: "SUBSCRIBE"
            case .patternSubscribe: "PSUBSCRIBE"
            case .unsubscribe: "UNSUBSCRIBE"
            case .patternUnsubscribe: "PUNSUBSCRIBE"
            }
        }

        /// True for the kinds that add subscriptions, which must be redone after a reconnect.
        var adds: Bool { self == .subscribe || self == .patternSubscribe }
    }

    /// Which command.
    let kind: Kind
    /// The channels or patterns, never empty.
    let names: [String]
    /// The caller, resumed once the server confirmed every name (or on stop).
    let waiter: CheckedContinuation<Void, any Error>

    /// The command to send.
    var arguments: [RedisArgument] { [kind.command] + names.map { RedisArgument($0) } }
}
