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

    public init(loopCount: Int, log: EventLog, logger: Logger, maxPendingDuringReplay: Int = 10_000) {
        rooms = (0..<loopCount).map { _ in DashboardRoom() }
        self.log = log
        self.logger = logger
        self.maxPendingDuringReplay = maxPendingDuringReplay
    }

    /// Gives the hub the server's loops (known once the server runs).
    public func attach(loops: [EventLoop]) {
        self.loops.withLock { $0 = loops }
    }

    /// The room of the loop a socket lives on; call on that loop.
    func room(for loop: EventLoop) -> DashboardRoom { rooms[loop.index] }

    /// Delivers one event (JSON exactly as published) to every dashboard; any thread.
    public func publish(_ json: [UInt8]) {
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

    /// After the event subscription was lost: delivers what was published meanwhile
    /// (dashboards drop what they already have by id).
    public func catchUp() async {
        let since = newestDelivered.load(ordering: .relaxed)
        guard since > 0 else { return }
        do {
            let replay = try await log.events(after: since)
            for entry in replay.entries { publish(Array(entry.json.utf8)) }
            logger.info("caught up after reconnect", ["since": .int(since), "events": .int(replay.entries.count)])
        } catch {
            logger.warning("catch-up failed", ["error": .string(String(describing: error))])
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
