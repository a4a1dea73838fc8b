import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A redis-server of one test's own, with an append-only file, so that stopping it is an
/// outage the other tests do not see and starting it again brings its data back (as a
/// production Redis would).
final class DurableRedis {
    /// The data folder.
    let directory: String
    /// The port on 127.0.0.1.
    let port: Int

    /// The URL, database 0.
    var url: String { "redis://127.0.0.1:\(port)/0" }

    /// Starts one.
    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-outbox-redis-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        try start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts the server (again), on the same port and data.
    func start() throws {
        let command = """
            redis-server --bind 127.0.0.1 --port \(port) --dir '\(directory)' --daemonize yes \
            --pidfile '\(directory)/redis.pid' --logfile '\(directory)/redis.log' --save '' \
            --appendonly yes --appendfsync always >/dev/null 2>&1 </dev/null \
            && for i in $(seq 50); do redis-cli -p \(port) ping 2>/dev/null | grep -q PONG && exit 0; sleep 0.1; done; exit 1
            """
        guard system("bash -c \(Self.quoted(command))") == 0 else { throw TestFailure("redis-server did not start") }
    }

    /// Stops the server (SIGTERM: the append-only file is complete) and waits until it is gone.
    func stop() {
        let command = """
            p='\(directory)/redis.pid'; [ -f "$p" ] || exit 0; pid=$(cat "$p"); kill "$pid" 2>/dev/null
            for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done; kill -9 "$pid"
            """
        _ = system("bash -c \(Self.quoted(command)) >/dev/null 2>&1")
    }

    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw TestFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
