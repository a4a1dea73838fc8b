import Foundation

/// A value guarded by a lock, for state shared between threads.
///
/// `NSLock` rather than `Synchronization.Mutex`: written when the package still meant to
/// build on macOS 14 (no `Mutex` there). The module now depends on the Linux-only EventLoop
/// (and `PostgresPool` uses `Atomic`), so `Mutex` would do as well; kept as it works.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked is safe: `value` is only reached through `withLock`, which holds `lock`
    // for the whole access, so no two threads ever touch it at once.
    /// Guards `value`.
    private let lock = NSLock()
    /// The guarded value.
    private var value: Value

    /// Guards `value`.
    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value. Keep it short and never block in it.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
