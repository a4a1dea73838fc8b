/// How a `StreamConsumer` reads, holds and takes over entries.
public struct StreamConsumerOptions: Sendable {
    /// This consumer's name in the group. Keep it stable across restarts of one instance
    /// (host and port), so a restarted instance finds its own pending entries at once.
    public var consumerName: String
    /// Entries held at once (queued or running); reading pauses above it. 256 keeps memory
    /// small while a few hundred chats proceed in parallel.
    public var maxHeld: Int = 256
    /// How long one read waits for new entries; under the Redis command time-out (5 s).
    public var readBlockMilliseconds: Int = 1000
    /// An entry pending this long with any consumer is taken over: its consumer is
    /// presumed dead. A live consumer touches what it holds well within this.
    public var claimIdleMilliseconds: Int = 60_000
    /// How often the held entries are touched and idle ones claimed: a third of the idle
    /// limit, so a live consumer's entries are never mistaken for a dead one's.
    public var maintenanceMilliseconds: Int { max(claimIdleMilliseconds / 3, 50) }
    /// The pause after a Redis failure before the loop tries again.
    public var failurePauseMilliseconds: Int = 1000
    /// nil: an entry whose handler fails stays pending and comes back after the idle limit.
    /// A number: it is tried again at once in its lane (so its chat's later entries wait
    /// behind it and keep their order), pausing `retryPauseMilliseconds` doubling up to 5 s,
    /// and after this many failures it is parked in `DeadLetters` and acknowledged, provided
    /// other entries were handled meanwhile: an entry failing while everything else fails
    /// too (ingest-api or Redis down) is an outage, not poison, and is never parked.
    public var deadLetterAfter: Int?
    /// The first pause between tries of a failing entry (with `deadLetterAfter`).
    public var retryPauseMilliseconds: Int = 500

    /// Creates options for `consumerName`, other fields at their defaults.
    public init(consumerName: String) {
        self.consumerName = consumerName
    }
}
