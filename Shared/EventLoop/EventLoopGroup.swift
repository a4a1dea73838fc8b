import Foundation
import Synchronization

/// A fixed set of event loops, one thread each (one per core by default).
public final class EventLoopGroup: Sendable {
    /// The loops, in index order.
    public let loops: [EventLoop]
    private let nextIndex = Atomic<Int>(0)

    /// Creates `count` loops; `start()` gives each its thread.
    public init(count: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        loops = try (0..<max(1, count)).map { try EventLoop(index: $0) }
    }

    /// Starts one thread per loop.
    public func start() {
        for loop in loops {
            let thread = Thread { loop.run() }
            thread.name = "event-loop-\(loop.index)"
            thread.start()
        }
    }

    /// The next loop, round robin: spreads work that has no affinity.
    public func next() -> EventLoop {
        let index = nextIndex.add(1, ordering: .relaxed).newValue
        return loops[index % loops.count]
    }

    /// Stops every loop after its current turn.
    public func stop() {
        for loop in loops {
            loop.stop()
        }
    }
}
