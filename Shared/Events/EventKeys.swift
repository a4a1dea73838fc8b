/// Where the events live in Redis, all derived from `EVENTS_CHANNEL` so two desks sharing
/// one Redis with different channels never mix.
public struct EventKeys: Sendable {
    /// The pub/sub channel every event is published on (CONTRACT §5).
    public let channel: String
    /// The counter that numbers events; `id` of an event is its value after INCR.
    public let sequence: String
    /// The stream that keeps recent events for replay; entry id "N-0" for event N.
    public let log: String
    /// The id of the last PostgreSQL outbox row published (`publishOutbox`), so a row
    /// published again after a crash before it was marked is not published twice.
    public let outboxThrough: String

    public init(channel: String) {
        self.channel = channel
        sequence = channel + ":seq"
        log = channel + ":log"
        outboxThrough = channel + ":outbox:through"
    }
}
