#if canImport(Glibc)
    import Glibc
#endif

/// The loop running on this thread, so that code called from a loop's task can do its I/O
/// on that loop instead of handing it to another thread (a database call: see Postgres'
/// `LoopStatement`).
extension EventLoop {
    /// The loop whose thread this is; nil on any other thread.
    public static var current: EventLoop? {
        guard let pointer = pthread_getspecific(currentLoopKey) else { return nil }
        return Unmanaged<EventLoop>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Marks the calling thread as this loop's (`run()` does, and clears it on return).
    func markCurrentThread(_ isCurrent: Bool) {
        _ = pthread_setspecific(currentLoopKey, isCurrent ? Unmanaged.passUnretained(self).toOpaque() : nil)
    }
}

/// The thread-specific slot holding the running loop (unretained: a loop outlives its run).
private let currentLoopKey: pthread_key_t = {
    var key = pthread_key_t()
    precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
    return key
}()
