import Synchronization

/// One message a subscriber handler received.
struct Delivery: Sendable, Equatable {
    /// The channel it was published on.
    let channel: String
    /// Its payload.
    let message: [UInt8]
}

/// Collects what subscriber handlers receive, for tests to wait on.
final class Inbox: Sendable {
    /// Everything received so far, in order.
    private let deliveries = Mutex<[Delivery]>([])

    /// Creates an empty inbox.
    init() {}

    /// A handler that records into this inbox.
    var handler: @Sendable (String, [UInt8]) -> Void {
        { channel, message in self.deliveries.withLock { $0.append(Delivery(channel: channel, message: message)) } }
    }

    /// Everything received so far.
    var all: [Delivery] { deliveries.withLock { $0 } }

    /// Waits until `delivery` has arrived; returns whether it did in time.
    func waitFor(_ delivery: Delivery, timeout: Duration = .seconds(10)) async -> Bool {
        await waitUntil(timeout: timeout) { self.all.contains(delivery) }
    }
}

/// Counts events (such as reconnects) that tests wait for.
final class EventCounter: Sendable {
    /// How many events happened.
    private let count = Mutex(0)

    /// Creates a counter at zero.
    init() {}

    /// Records one event.
    func record() { count.withLock { $0 += 1 } }

    /// How many events were recorded.
    var value: Int { count.withLock { $0 } }
}
