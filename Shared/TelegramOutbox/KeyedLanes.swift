/// Runs work items one at a time per key (a chat), different keys concurrently: a chat
/// waiting out a rate limit or a retry delays only itself. Within a key, items run in the
/// order `precedes` gives (an item submitted late, such as an earlier stream entry read
/// again after a failure, goes before the later ones still queued), and an item whose work
/// says "not yet" is put back in that order, behind the items that precede it.
actor KeyedLanes<Item: Sendable> {
    /// The work for one item; runs outside the actor. False: put it back in the queue (an
    /// earlier item is queued behind it).
    private let work: @Sendable (Item) async -> Bool
    /// Whether one item goes before another of the same key.
    private let precedes: @Sendable (Item, Item) -> Bool
    /// Items waiting, per key, in order.
    private var queues: [Int64: [Item]] = [:]
    /// The task draining each key that has one.
    private var drains: [Int64: Task<Void, Never>] = [:]

    /// Creates lanes that run `work`, ordered by `precedes`.
    init(
        precedes: @escaping @Sendable (Item, Item) -> Bool, work: @escaping @Sendable (Item) async -> Bool
    ) {
        self.precedes = precedes
        self.work = work
    }

    /// Queues `item` among the other items of `key`, in order.
    func submit(_ item: Item, key: Int64) {
        insert(item, key: key)
        guard drains[key] == nil else { return }
        drains[key] = Task { await self.drain(key) }
    }

    /// Puts `item` in `key`'s queue before the first item it precedes.
    private func insert(_ item: Item, key: Int64) {
        var queue = queues[key, default: []]
        let index = queue.firstIndex { precedes(item, $0) } ?? queue.endIndex
        queue.insert(item, at: index)
        queues[key] = queue
    }

    /// Runs the items of `key` until none is left.
    private func drain(_ key: Int64) async {
        while let item = next(of: key) {
            if await !work(item) { insert(item, key: key) }
        }
    }

    /// The next item of `key`, or nil after retiring the lane.
    private func next(of key: Int64) -> Item? {
        guard var queue = queues[key], !queue.isEmpty else {
            queues[key] = nil
            drains[key] = nil
            return nil
        }
        let item = queue.removeFirst()
        // The lane stays registered while the item runs, so items submitted meanwhile queue behind it.
        queues[key] = queue
        return item
    }

    /// Cancels every running item (they see `Task.isCancelled`) and drops the queued ones.
    func cancelAll() {
        for task in drains.values { task.cancel() }
        queues = queues.mapValues { _ in [] }
    }
}
