/// An event loop runs Swift tasks, so that a task started for one connection's request
/// (`Task(executorPreference: loop)`) runs on the thread that reads and writes that
/// connection. Without it every request crossed threads twice more: loop → cooperative
/// pool thread for the handler, and back to the loop for the answer; each crossing is a
/// wake-up and a context switch, which at thousands of requests per second costs more
/// than the handlers themselves.
///
/// A job handed over from another thread (a continuation resumed by a database or Redis
/// connection's queue) rides the loop's inbox like any `execute`. A job enqueued on the
/// loop's own thread is run at the end of the current turn, never re-entrantly.
extension EventLoop: TaskExecutor {
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
