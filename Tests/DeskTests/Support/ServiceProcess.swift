import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// One release executable running as a child process, the way an operator runs it: an
/// explicit environment (nothing inherited, so the developer's own settings never leak in),
/// a working directory of its own (no stray `.env`), stdout and stderr appended to a log
/// file. Started again after a stop, it keeps its port and settings (a restart).
final class ServiceProcess: Sendable {
    /// Which executable.
    let executable: DeskExecutable
    /// Its HTTP port on 127.0.0.1.
    let port: Int
    /// The environment it gets, exactly.
    let environment: [String: String]
    /// Where its stdout and stderr go (appended across restarts).
    let logFile: URL
    /// The running process; Foundation's `Process` is not `Sendable`, so it is only
    /// touched under this lock.
    private let running = Mutex<Handed<Process>?>(nil)

    /// A service that is not started yet; `settings` are added to the port and bind address.
    init(_ executable: DeskExecutable, port: Int = unusedPort(), settings: [String: String], directory: URL) {
        self.executable = executable
        self.port = port
        var environment = settings
        environment[executable.portSetting] = String(port)
        environment["BIND_ADDRESS"] = "127.0.0.1"
        if executable == .notifyHub { environment["WEBSOCKET_SERVER"] = "127.0.0.1" }
        self.environment = environment
        logFile = directory.appendingPathComponent("\(executable.rawValue)-\(port).log")
    }

    /// Launches the process and waits until `GET /healthz` answers 200; throws with the log's
    /// tail when it exits or stays silent for `timeout`.
    func start(timeout: Duration = .seconds(30)) async throws {
        let process = try Self.launch(
            executable, arguments: [], environment: environment, output: logFile,
            directory: logFile.deletingLastPathComponent())
        running.withLock { $0 = Handed(process) }
        let port = UInt16(port)
        let healthy = await eventually(timeout: timeout) {
            guard process.isRunning else { return true }
            return
                (try? await offPool { try TestHTTPClient(port: port, timeout: .seconds(2)).request("GET", "/healthz") })?
                .status == 200
        }
        guard healthy, process.isRunning else {
            let exit = process.isRunning ? "no answer on /healthz" : "\(Self.exit(of: process))"
            if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
            throw DeskError("\(executable.rawValue) did not start: \(exit)\n\(logTail())")
        }
    }

    /// Whether the process is running.
    var isRunning: Bool { running.withLock { $0?.value.isRunning ?? false } }

    /// Sends SIGTERM and returns how the process ended (SIGKILL after `timeout`).
    @discardableResult
    func terminate(timeout: Duration = .seconds(20)) async -> ProcessExit {
        guard let process = running.withLock({ $0?.value }) else { return .exited(0) }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGTERM) }
        return await Self.waitForExit(process, timeout: timeout)
    }

    /// Sends SIGKILL (a crash, or cleaning up after a failed test) and waits for the end.
    func kill() async {
        guard let process = running.withLock({ $0?.value }), process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        _ = await Self.waitForExit(process, timeout: .seconds(10))
    }

    /// The last `count` lines of the log, for failure messages.
    func logTail(_ count: Int = 30) -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? "(no log)"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count)
        return "--- \(executable.rawValue) :\(port), last lines of \(logFile.path):\n" + lines.joined(separator: "\n")
    }

    /// The log so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Runs `executable` to its end (`--help`, a refused setting) and returns how it ended
    /// with what it wrote on stdout and on stderr.
    static func runToEnd(
        _ executable: DeskExecutable, arguments: [String], environment: [String: String], directory: URL,
        timeout: Duration = .seconds(20)
    ) async throws -> (exit: ProcessExit, stdout: String, stderr: String) {
        let stem = directory.appendingPathComponent("\(executable.rawValue)-\(UUID().uuidString.prefix(8))")
        let stdout = stem.appendingPathExtension("out")
        let stderr = stem.appendingPathExtension("err")
        let process = try launch(
            executable, arguments: arguments, environment: environment, output: stdout, errors: stderr,
            directory: directory)
        let exit = await waitForExit(process, timeout: timeout)
        let read = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        return (exit, read(stdout), read(stderr))
    }

    /// Starts the binary with exactly `environment`, its output appended to `output`
    /// (stderr to `errors` when given).
    private static func launch(
        _ executable: DeskExecutable, arguments: [String], environment: [String: String], output: URL,
        errors: URL? = nil, directory: URL
    ) throws -> Process {
        let process = Process()
        process.executableURL = DeskEnvironment.binary(executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try appending(to: output)
        process.standardError = try errors.map(appending(to:)) ?? process.standardOutput
        try process.run()
        return process
    }

    /// A handle appending to `url` (created when missing).
    private static func appending(to url: URL) throws -> FileHandle {
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        return handle
    }

    /// Waits for `process` to end; SIGKILLs it after `timeout`.
    private static func waitForExit(_ process: Process, timeout: Duration) async -> ProcessExit {
        let handed = Handed(process)
        let ended = await eventually(timeout: timeout) { !handed.value.isRunning }
        guard ended else {
            Glibc.kill(process.processIdentifier, SIGKILL)
            _ = await eventually(timeout: .seconds(10)) { !handed.value.isRunning }
            return .hung
        }
        return exit(of: process)
    }

    /// How an ended process ended.
    private static func exit(of process: Process) -> ProcessExit {
        process.terminationReason == .uncaughtSignal
            ? .killed(signal: process.terminationStatus) : .exited(process.terminationStatus)
    }
}
