/// Runs work items one at a time per key (a chat), different keys concurrently: a chat
/// waiting out a rate limit or a retry delays only itself.
actor KeyedLanes<Item: Sendable> {
    /// The work for one item; runs outside the actor.
    private let work: @Sendable (Item) async -> Void
    /// Items waiting, per key, oldest first.
    private var queues: [Int64: [Item]] = [:]
    /// The task draining each key that has one.
    private var drains: [Int64: Task<Void, Never>] = [:]

    /// Creates lanes that run `work`.
    init(work: @escaping @Sendable (Item) async -> Void) {
        self.work = work
    }

    /// Queues `item` behind the other items of `key`.
    func submit(_ item: Item, key: Int64) {
        queues[key, default: []].append(item)
        guard drains[key] == nil else { return }
        drains[key] = Task { await self.drain(key) }
    }

    /// Runs the items of `key` until none is left.
    private func drain(_ key: Int64) async {
        while let item = next(of: key) {
            await work(item)
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
