import Synchronization

/// Decisions `UpdateMemo` could not save in Redis, kept in this process until a save
/// succeeds, so an update handled again here (the usual retry after a Redis outage)
/// still repeats them: a draft shown while Redis was down is edited into the answer, not
/// followed by a second message. A crash loses them, as it would have lost the save.
///
/// Bounded: past `capacity` entries the oldest goes (an outage long enough to fill it has
/// failed far more than these handlings).
final class UnsavedMemos: Sendable {
    /// The most entries kept.
    let capacity: Int
    private let entries = Mutex(Entries())

    private struct Entries {
        var values: [String: String] = [:]
        /// Keys oldest first (a key saved again moves to the end).
        var order: [String] = []
    }

    init(capacity: Int = 1024) {
        self.capacity = max(1, capacity)
    }

    /// The value kept for `key`, if its save failed.
    func value(for key: String) -> String? {
        entries.withLock { $0.values[key] }
    }

    /// Keeps `value` for `key` (its save failed).
    func keep(_ value: String, for key: String) {
        entries.withLock { entries in
            if entries.values.updateValue(value, forKey: key) != nil {
                entries.order.removeAll { $0 == key }
            }
            entries.order.append(key)
            while entries.order.count > capacity {
                entries.values[entries.order.removeFirst()] = nil
            }
        }
    }

    /// Forgets `key` (Redis has it now).
    func forget(_ key: String) {
        entries.withLock { entries in
            guard entries.values.removeValue(forKey: key) != nil else { return }
            entries.order.removeAll { $0 == key }
        }
    }
}
