/// A first-in first-out queue of waiters that can also drop a waiter from the middle
/// (when its task is cancelled), both in amortized constant time.
struct WaiterQueue<Waiter> {
    /// Identifiers in arrival order; entries already removed are skipped lazily.
    private var order: [UInt64] = []
    /// Index of the first identifier of `order` not yet consumed.
    private var head = 0
    /// The waiters still waiting, by identifier.
    private var waiters: [UInt64: Waiter] = [:]

    /// Creates an empty queue.
    init() {}

    /// How many waiters are waiting.
    var count: Int { waiters.count }

    /// Adds a waiter at the back.
    mutating func append(_ waiter: Waiter, id: UInt64) {
        order.append(id)
        waiters[id] = waiter
    }

    /// Removes and returns the waiter with `id`, if it is still waiting.
    mutating func remove(id: UInt64) -> Waiter? {
        waiters.removeValue(forKey: id)
    }

    /// Removes and returns the longest-waiting waiter.
    mutating func popFirst() -> Waiter? {
        while head < order.count {
            let id = order[head]
            head += 1
            if let waiter = waiters.removeValue(forKey: id) {
                compactIfWasteful()
                return waiter
            }
        }
        compactIfWasteful()
        return nil
    }

    /// Removes and returns every waiter, in arrival order.
    mutating func removeAll() -> [Waiter] {
        var all: [Waiter] = []
        while let waiter = popFirst() {
            all.append(waiter)
        }
        return all
    }

    /// Drops consumed identifiers once they are the larger part of the array.
    private mutating func compactIfWasteful() {
        if head == order.count {
            order.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
