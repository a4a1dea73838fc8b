import Foundation
import Synchronization

import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// One thread waiting in epoll: runs I/O callbacks, timers, and work handed over from
/// other threads (woken through an eventfd).
///
/// Thread confinement: everything but `execute`, `isCurrent` and `stop` must be called on
/// the loop's own thread. That is why it can be `@unchecked Sendable`: the only state
/// touched from other threads is behind `inbox`'s mutex.
public final class EventLoop: @unchecked Sendable {
    /// Distinguishes loops in logs and metrics.
    public let index: Int
    private let epollFD: Int32
    private let wakeFD: Int32
    /// Work from other threads, run on the next turn of the loop.
    private let inbox = Mutex<[@Sendable () -> Void]>([])
    private let stopRequested = Atomic<Bool>(false)
    /// Handler and generation per descriptor, indexed by fd.
    private var registrations: [Registration?] = []
    /// Bumped on every registration so a stale event for a reused fd is recognised.
    private var generation: UInt32 = 0
    private var timers = TimerQueue()

    private struct Registration {
        let handler: EventHandler
        let generation: UInt32
        var interest: IOEvents
    }

    public init(index: Int) throws {
        self.index = index
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw IOError(errno: errno, function: "epoll_create1") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            Syscall.close(epollFD)
            throw IOError(errno: errno, function: "eventfd")
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = UInt64(UInt32.max)  // never a real fd: marks the wake-up eventfd
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event) == 0 else {
            Syscall.close(wakeFD)
            Syscall.close(epollFD)
            throw IOError(errno: errno, function: "epoll_ctl")
        }
    }

    deinit {
        Syscall.close(wakeFD)
        Syscall.close(epollFD)
    }

    /// True on the loop's own thread.
    public var isCurrent: Bool {
        EventLoop.current === self
    }

    /// Runs `task` on the loop's thread soon; safe from any thread.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        let wasEmpty = inbox.withLock { queue in
            queue.append(task)
            return queue.count == 1
        }
        // One wake-up per batch: later tasks ride on the first one's. The loop's own thread
        // needs none: it is awake, and looks at the inbox before it waits again.
        if wasEmpty && !isCurrent { wake() }
    }

    /// Asks the loop to return from `run()` after the current turn; safe from any thread.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        wake()
    }

    private func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    /// Calls `action` on the loop after `nanoseconds`.
    public func schedule(after nanoseconds: UInt64, _ action: @escaping () -> Void) {
        timers.insert(deadline: MonotonicClock.now() &+ nanoseconds, action: action)
    }

    /// Calls `action` every `nanoseconds` until the loop stops.
    public func scheduleRepeating(every nanoseconds: UInt64, _ action: @escaping () -> Void) {
        schedule(after: nanoseconds) { [weak self] in
            action()
            self?.scheduleRepeating(every: nanoseconds, action)
        }
    }

    /// Starts watching `fd` for `interest`; `handler` is called on this loop's thread.
    public func register(_ fd: Int32, interest: IOEvents, handler: EventHandler) throws {
        let slot = Int(fd)
        if slot >= registrations.count {
            registrations.append(contentsOf: repeatElement(nil, count: slot - registrations.count + 1))
        }
        generation &+= 1
        registrations[slot] = Registration(handler: handler, generation: generation, interest: interest)
        var event = epoll_event()
        event.events = interest.rawValue
        event.data.u64 = UInt64(generation) << 32 | UInt64(UInt32(fd))
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
            registrations[slot] = nil
            throw IOError(errno: errno, function: "epoll_ctl(ADD)")
        }
    }

    /// Changes what `fd` is watched for; a no-op when nothing changes.
    public func setInterest(_ fd: Int32, _ interest: IOEvents) {
        let slot = Int(fd)
        guard slot < registrations.count, var registration = registrations[slot],
            registration.interest != interest
        else { return }
        registration.interest = interest
        registrations[slot] = registration
        var event = epoll_event()
        event.events = interest.rawValue
        event.data.u64 = UInt64(registration.generation) << 32 | UInt64(UInt32(fd))
        _ = epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
    }

    /// Stops watching `fd`. Call before closing it.
    public func deregister(_ fd: Int32) {
        let slot = Int(fd)
        guard slot < registrations.count, registrations[slot] != nil else { return }
        registrations[slot] = nil
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
    }

    /// Runs the loop on the calling thread until `stop()`.
    public func run() {
        markCurrentThread(true)
        defer { markCurrentThread(false) }
        let capacity = 512
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while !stopRequested.load(ordering: .acquiring) {
            let ready = epoll_wait(epollFD, events, Int32(capacity), waitMilliseconds())
            if ready < 0 {
                precondition(errno == EINTR, "epoll_wait: \(String(cString: strerror(errno)))")
                continue
            }
            for i in 0..<Int(ready) {
                dispatch(events[i])
            }
            runTimers()
            runInbox()
        }
        // Work handed over before the stop (a handler task's next step, a continuation
        // resumed) still runs, so a request under way is not frozen halfway; descriptors are
        // no longer watched. Bounded, in case that work keeps handing over more.
        var rounds = 0
        while rounds < 1_000 && inbox.withLock({ !$0.isEmpty }) {
            runInbox()
            rounds += 1
        }
    }

    private func dispatch(_ event: epoll_event) {
        let data = event.data.u64
        if data == UInt64(UInt32.max) {
            var counter: UInt64 = 0
            _ = Glibc.read(wakeFD, &counter, 8)
            return
        }
        let slot = Int(UInt32(truncatingIfNeeded: data))
        let eventGeneration = UInt32(truncatingIfNeeded: data >> 32)
        // A callback earlier in this batch may have closed the fd, or closed it and
        // registered a new one under the same number: skip events meant for the old one.
        guard slot < registrations.count, let registration = registrations[slot],
            registration.generation == eventGeneration
        else { return }
        registration.handler.handleEvents(IOEvents(rawValue: event.events))
    }

    private func waitMilliseconds() -> Int32 {
        if inbox.withLock({ !$0.isEmpty }) { return 0 }
        guard let deadline = timers.nextDeadline else { return -1 }
        let now = MonotonicClock.now()
        if deadline <= now { return 0 }
        // Round up so a timer is never run before its deadline.
        return Int32(min((deadline - now + 999_999) / 1_000_000, 60_000))
    }

    private func runTimers() {
        guard let deadline = timers.nextDeadline, deadline <= MonotonicClock.now() else { return }
        for entry in timers.popDue(now: MonotonicClock.now()) {
            entry.action()
        }
    }

    private func runInbox() {
        let tasks = inbox.withLock { queue -> [@Sendable () -> Void] in
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            return taken
        }
        for task in tasks {
            task()
        }
    }
}
