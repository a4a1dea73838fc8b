/// How a child process ended.
enum ProcessExit: Equatable, Sendable, CustomStringConvertible {
    /// It called `exit` with this status.
    case exited(Int32)
    /// A signal ended it (it did not handle the signal, or crashed).
    case killed(signal: Int32)
    /// It did not end within the time given and was killed with SIGKILL.
    case hung

    /// For test failures.
    var description: String {
        switch self {
        case .exited(let status): "exit status \(status)"
        case .killed(let signal): "killed by signal \(signal)"
        case .hung: "did not exit in time (SIGKILLed)"
        }
    }
}
