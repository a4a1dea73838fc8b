import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A failed shell command, with what it printed.
struct ShellError: Error, CustomStringConvertible {
    /// The command's output and exit status.
    let message: String

    /// The message.
    var description: String { message }
}

/// Runs bash commands from the repository root, for the scripts the tests rely on.
enum Shell {
    /// Runs `script` with bash and returns its standard output; throws on a non-zero exit.
    ///
    /// Output goes through temporary files, not pipes: `redis-server --daemonize` inherits
    /// the descriptors, so a pipe would never reach end-of-file while the server runs.
    @discardableResult
    static func run(_ script: String) throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("shell-\(UUID().uuidString)").path
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        let command = "cd '\(TestRedis.repositoryRoot.path)' && bash -c \(quoted(script)) >'\(base).out' 2>'\(base).err' </dev/null"
        let status = system(command)
        let printed = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        let complaints = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw ShellError(message: "'\(script)' failed with status \(status): \(complaints)")
        }
        return printed
    }

    /// `text` as one single-quoted shell word.
    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
