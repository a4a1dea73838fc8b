import EventLoop
import Events
import HTTPServer
import Logging
import Synchronization
import WebSocket

/// Fans every desk event out to the `/notify` dashboards of this instance.
///
/// One `DashboardRoom` per event loop holds that loop's dashboards, so delivery needs no
/// lock: an event is framed once, then each loop writes the same bytes to its own sockets.
public final class DashboardHub: Sendable {
    private let rooms: [DashboardRoom]
    private let loops = Mutex<[EventLoop]>([])
    let log: EventLog
    let logger: Logger
    /// Frames buffered for one dashboard while its replay runs; past this it is closed
    /// with 1013 and resumes with `since` (bounded memory, no silent gap).
    let maxPendingDuringReplay: Int
    /// The highest event id delivered, to catch up after the Redis subscription dropped.
    private let newestDelivered = Atomic<Int>(0)
    /// Holds live events while a catch-up replays (`CatchUpGate`).
    private let gate: Mutex<CatchUpGate>
    /// Events asked of the log per read while catching up.
    private static let replayPage = 10_000

    public init(loopCount: Int, log: EventLog, logger: Logger, maxPendingDuringReplay: Int = 10_000) {
        rooms = (0..<loopCount).map { _ in DashboardRoom() }
        self.log = log
        self.logger = logger
        self.maxPendingDuringReplay = maxPendingDuringReplay
        gate = Mutex(CatchUpGate(capacity: maxPendingDuringReplay))
    }

    /// Gives the hub the server's loops (known once the server runs).
    public func attach(loops: [EventLoop]) {
        self.loops.withLock { $0 = loops }
    }

    /// The room of the loop a socket lives on; call on that loop.
    func room(for loop: EventLoop) -> DashboardRoom { rooms[loop.index] }

    /// Delivers one event (JSON exactly as published) to every dashboard; any thread. While
    /// a catch-up runs, it waits for the catch-up's replay to go out first.
    public func publish(_ json: [UInt8]) {
        if gate.withLock({ $0.hold(json) }) { return }
        deliver(json)
    }

    private func deliver(_ json: [UInt8]) {
        let id = EventID.find(in: json)
        if let id { _ = newestDelivered.max(id, ordering: .relaxed) }
        let frame = WebSocketFrameEncoder.encode(opcode: .text, payload: json)
        let event = DashboardEvent(id: id, frame: frame)
        for loop in loops.withLock({ $0 }) {
            let room = rooms[loop.index]
            guard room.hasMembers else { continue }
            loop.execute { room.deliver(event) }
        }
    }

    /// The event subscription was lost. Call on the subscriber's thread: live events are
    /// held from here (the newest delivered is where the replay will start) until what was
    /// published meanwhile has gone out (`subscriptionRestored`).
    public func subscriptionLost() {
        let since = newestDelivered.load(ordering: .relaxed)
        guard since > 0 else { return }
        gate.withLock { $0.begin(since: since) }
    }

    /// The event subscription is active again. Call on the subscriber's thread before it
    /// hands on another message: replays from the log what was published meanwhile, then
    /// the held live events, in id order (dashboards drop what they already have by id).
    public func subscriptionRestored() {
        let since = newestDelivered.load(ordering: .relaxed)
        let start = gate.withLock { gate -> Int? in
            // (Not holding yet: nothing was delivered at the loss, or a catch-up gave up.)
            if gate.since == nil, since > 0 { gate.begin(since: since) }
            return gate.claim()
        }
        if let start { Task { await catchUp(after: start) } }
    }

    private func catchUp(after since: Int) async {
        var through = since
        var failures = 0
        while true {
            do {
                let replay = try await log.events(after: through, limit: Self.replayPage)
                failures = 0
                for entry in replay.entries {
                    deliver(Array(entry.json.utf8))
                    through = max(through, entry.id)
                }
                if replay.entries.count == Self.replayPage { continue }
            } catch {
                failures += 1
                logger.warning(
                    "catch-up failed", ["error": .string(String(describing: error)), "tries": .int(failures)])
                if failures < 10 {
                    try? await Task.sleep(for: .milliseconds(500))
                    continue
                }
            }
            let gaveUp = failures >= 10
            let finished = gate.withLock { gate -> Bool in
                guard let held = gaveUp ? gate.abandon() : gate.finish(through: through) else { return false }
                // Under the lock: no live event overtakes the held ones.
                for json in held { deliver(json) }
                return true
            }
            guard finished else { continue }
            if gaveUp {
                logger.warning("catch-up given up: dashboards may miss events", ["since": .int(since)])
            } else {
                logger.info("caught up after reconnect", ["since": .int(since), "through": .int(through)])
            }
            return
        }
    }

    /// Open dashboards on this instance.
    public var connectionCount: Int { rooms.reduce(0) { $0 + $1.memberCount } }
}

/// An event ready to send: its id (nil for foreign events without one) and its frame.
struct DashboardEvent: Sendable {
    let id: Int?
    let frame: [UInt8]
}
