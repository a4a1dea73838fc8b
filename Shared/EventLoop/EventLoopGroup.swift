import Foundation
import Synchronization

/// A fixed set of event loops, one thread each (one per core by default).
public final class EventLoopGroup: Sendable {
    /// The loops, in index order.
    public let loops: [EventLoop]
    private let nextIndex = Atomic<Int>(0)

    /// The cores this process may run on (its CPU affinity, e.g. under `taskset`), at least 1.
    /// Read from /proc (Cpus_allowed_list, e.g. "0-1,3") because glibc's affinity calls
    /// are hidden behind _GNU_SOURCE from Swift.
    public static var availableCores: Int {
        let fallback = ProcessInfo.processInfo.activeProcessorCount
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { return fallback }
        var count = 0
        for range in line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces).split(separator: ",") {
            let bounds = range.split(separator: "-").compactMap { Int($0) }
            if bounds.count == 2 { count += bounds[1] - bounds[0] + 1 } else if bounds.count == 1 { count += 1 }
        }
        return count > 0 ? min(count, fallback) : fallback
    }

    /// Creates `count` loops; `start()` gives each its thread.
    public init(count: Int = EventLoopGroup.availableCores) throws {
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
