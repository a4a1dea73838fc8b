import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Runs one of the repository's shell scripts to its end with `posix_spawn`, its output to
/// a file. Not Foundation's `Process`: it takes a child for running as long as anything
/// holds the descriptor it watches, and the daemons the scripts start (redis-server,
/// postgres) inherit it, so a `start` never seemed to end. Here every descriptor above
/// stderr is closed before the script runs, signals are unblocked and at their defaults,
/// and the end is the script's own exit status.
enum ScriptRun {
    /// Runs `bash script arguments…`; returns its exit status (-1 when it ran past `timeout`,
    /// then it is killed) and its output.
    static func run(
        _ script: String, _ arguments: [String], output: URL, timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32, output: String) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Every descriptor above stderr closed before the script runs (glibc's
        // addclosefrom_np is not imported into Swift), so the daemons inherit none of ours.
        let closing =
            #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec /bin/bash "$@""#
        let argv = ["/bin/bash", "-c", closing, "bash", script] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var cEnvironment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in cEnvironment { free(pointer) } }
        // A clean signal state: the test process's threads block signals, and a child
        // inherits the mask, so a Redis started from here would never hear SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, &attributes, &cArguments, &cEnvironment)
        guard spawned == 0 else { throw DeskError("posix_spawn of \(script) failed: \(spawned)") }
        var status: Int32 = 0
        let ended = await eventually(timeout: timeout) { waitpid(pid, &status, WNOHANG) == pid }
        if !ended {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS, which Swift does not import (macros).
        let exitStatus: Int32 = ended && status & 0x7f == 0 ? (status >> 8) & 0xff : -1
        return (exitStatus, text)
    }
}
