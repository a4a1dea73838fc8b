import EventLoop
import Synchronization

/// This instance's open visitor sockets: by connection and by chat (an operator reply
/// goes to every socket of its chat, e.g. two tabs with one client id).
///
/// A mutex guards the tables: visitors connect and disconnect at human pace, far below
/// where a lock would matter, unlike the dashboards' per-event fan-out.
final class VisitorRegistry: Sendable {
    /// The tables.
    private struct State {
        /// Every open socket.
        var entries: [ObjectIdentifier: VisitorEntry] = [:]
        /// The open sockets of each chat.
        var byChat: [String: [VisitorEntry]] = [:]
    }

    /// Guards the tables.
    private let state = Mutex(State())

    /// Adds an opened socket.
    func add(_ entry: VisitorEntry) {
        state.withLock { state in
            state.entries[ObjectIdentifier(entry)] = entry
            state.byChat[entry.chatID, default: []].append(entry)
        }
    }

    /// Removes a closed socket (again is harmless).
    func remove(_ entry: VisitorEntry) {
        state.withLock { state in
            guard state.entries.removeValue(forKey: ObjectIdentifier(entry)) != nil else { return }
            var sockets = state.byChat[entry.chatID] ?? []
            sockets.removeAll { $0 === entry }
            state.byChat[entry.chatID] = sockets.isEmpty ? nil : sockets
        }
    }

    /// The open sockets of a chat.
    func entries(forChat chatID: String) -> [VisitorEntry] {
        state.withLock { $0.byChat[chatID] ?? [] }
    }

    /// Every open socket, in no particular order.
    func snapshot() -> [VisitorEntry] {
        state.withLock { Array($0.entries.values) }
    }

    /// Open sockets.
    var count: Int { state.withLock { $0.entries.count } }

    /// Sends one frame, encoded once, to every socket `matches` selects: one hop per event
    /// loop, which then writes the shared bytes to each of its sockets. Returns how many.
    @discardableResult
    func send(encodedFrame frame: [UInt8], to matches: (VisitorEntry) -> Bool) -> Int {
        let chosen = snapshot().filter(matches)
        var byLoop: [ObjectIdentifier: (EventLoop, [VisitorEntry])] = [:]
        for entry in chosen {
            byLoop[ObjectIdentifier(entry.socket.loop), default: (entry.socket.loop, [])].1.append(entry)
        }
        for (loop, group) in byLoop.values {
            loop.execute {
                for entry in group { entry.socket.enqueue(frame) }
            }
        }
        return chosen.count
    }
}
