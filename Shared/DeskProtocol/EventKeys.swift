/// The Redis names rooted at `EVENTS_CHANNEL` (a setting): the events themselves and the
/// families of names derived from the channel, so two desks sharing one Redis with
/// different channels never mix. The names under the key prefix are `DeskRedisNames`.
public struct EventKeys: Sendable, Equatable {
    /// The pub/sub channel every event is published on (CONTRACT §5).
    public let channel: String
    /// The counter that numbers events; `id` of an event is its value after INCR.
    public let sequence: String
    /// The stream that keeps recent events for replay; entry id "N-0" for event N.
    public let log: String
    /// The id of the last PostgreSQL outbox row published (`publishOutbox`), so a row
    /// published again after a crash before it was marked is not published twice.
    public let outboxThrough: String
    /// The prefix of the per-chat pub/sub channels carrying operator replies to web
    /// visitors (`VisitorChannel`): operator-relay publishes, every notify-hub listens.
    public let visitorPrefix: String
    /// The prefix of notify-hub's own names (its instances' broadcasts, reports, the web
    /// IM histories: `HubKeys`); only notify-hub instances use them.
    public let hubPrefix: String

    public init(channel: String) {
        self.channel = channel
        sequence = channel + ":seq"
        log = channel + ":log"
        outboxThrough = channel + ":outbox:through"
        visitorPrefix = channel + ":visitor:"
        hubPrefix = channel + ":hub:"
    }
}
