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
        let root = TestRedis.repositoryRoot.path
        let command = "cd '\(root)' && bash -c \(quoted(script)) >'\(base).out' 2>'\(base).err' </dev/null"
        let status = system(command)
        let printed = contents(ofFile: base + ".out")
        let complaints = contents(ofFile: base + ".err")
        guard status == 0 else {
            throw ShellError(message: "'\(script)' failed with status \(status): \(complaints)")
        }
        return printed
    }

    /// The text of a file, read with plain POSIX calls (Foundation's `String(contentsOfFile:)`
    /// leaks a buffer for empty files, which would spoil the leak check).
    private static func contents(ofFile path: String) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` as one single-quoted shell word.
    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
