import DeskProtocol

/// The hub's own Redis names, under `EventKeys.hubPrefix` (from EVENTS_CHANNEL), so two desks
/// (or two test runs) sharing one Redis never mix. Only notify-hub reads or writes them,
/// except the visitor reply channels (`VisitorChannel`), which operator-relay publishes to.
struct HubKeys: Sendable {
    /// Pub/sub: broadcasts between hub instances (`HubBroadcast` JSON); every instance
    /// publishes what its REST API was asked to send and delivers what it receives.
    let broadcastChannel: String
    /// Sorted set: the instances that reported connections, scored by when the report
    /// expires (Unix ms), so readers find the live reports without `SCAN`.
    let instances: String
    /// Hash per instance (`instancePrefix` + instance id): its connections, with an expiry.
    let instancePrefix: String
    /// List per pipeline and session type: the web IM history (JSON messages, oldest first).
    let historyPrefix: String
    /// String per dashboard ticket (`DashboardTickets`), expiring with the ticket.
    let ticketPrefix: String
    /// What each client address (and all of them together) made the hub keep today
    /// (`HistoryQuota`): `quotaPrefix` + address + ":bytes" / ":histories", `quotaPrefix` + "total".
    let quotaPrefix: String
    /// Contact requests per client address (`ContactRequestGate`): `contactPrefix` + address
    /// (a counter per hour) and `contactPrefix` + address + ":" + text hash (a repeat marker).
    let contactPrefix: String

    /// The names of the desk whose events travel on `eventsChannel`.
    init(eventsChannel: String) {
        let base = EventKeys(channel: eventsChannel).hubPrefix
        broadcastChannel = base + "broadcast"
        instances = base + "instances"
        instancePrefix = base + "instance:"
        historyPrefix = base + "history:"
        ticketPrefix = base + "ticket:"
        quotaPrefix = base + "quota:"
        contactPrefix = base + "contact:"
    }

    /// The report of one instance.
    func instance(_ id: String) -> String { instancePrefix + id }

    /// The IM history of one pipeline and session type (both validated: no ':' inside).
    func history(pipeline: String, sessionType: SessionType) -> String {
        historyPrefix + pipeline + ":" + sessionType.rawValue
    }

    /// The counter numbering that history's messages.
    func historySequence(pipeline: String, sessionType: SessionType) -> String {
        history(pipeline: pipeline, sessionType: sessionType) + ":seq"
    }
}
