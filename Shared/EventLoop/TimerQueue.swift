/// A min-heap of one-shot timers ordered by deadline (monotonic nanoseconds).
/// Confined to its loop's thread.
struct TimerQueue {
    /// One scheduled callback.
    struct Entry {
        let deadline: UInt64
        /// Breaks ties so timers with equal deadlines run in the order they were scheduled.
        let sequence: UInt64
        let action: () -> Void
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    /// The earliest deadline, if any timer is pending.
    var nextDeadline: UInt64? { heap.first?.deadline }

    mutating func insert(deadline: UInt64, action: @escaping () -> Void) {
        heap.append(Entry(deadline: deadline, sequence: nextSequence, action: action))
        nextSequence &+= 1
        siftUp(heap.count - 1)
    }

    /// Removes and returns the timers due at `now`, earliest first.
    mutating func popDue(now: UInt64) -> [Entry] {
        var due: [Entry] = []
        while let first = heap.first, first.deadline <= now {
            due.append(first)
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                siftDown(0)
            }
        }
        return due
    }

    private func isBefore(_ a: Int, _ b: Int) -> Bool {
        heap[a].deadline != heap[b].deadline ? heap[a].deadline < heap[b].deadline : heap[a].sequence < heap[b].sequence
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard isBefore(child, parent) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && isBefore(left, smallest) { smallest = left }
            if right < heap.count && isBefore(right, smallest) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
