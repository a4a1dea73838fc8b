import Foundation
import Redis

/// A redis-server of one test's own, on a free port in a temporary folder, run with
/// scripts/redis.sh, so that restarting it disturbs no other test.
final class PrivateRedisServer {
    /// The server's data folder.
    let directory: String
    /// Its port on 127.0.0.1.
    let port: Int

    /// The server's URL, database 0.
    var url: RedisURL { RedisURL(host: "127.0.0.1", port: port) }

    /// Starts a server; it is stopped when this object goes away.
    init() throws {
        directory =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-redis-test-\(UUID().uuidString.prefix(8))").path
        port = try TestRedis.freePort()
        try Shell.run("bash scripts/redis.sh start '\(directory)' \(port)")
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Stops the server and starts it again on the same port (scripts/redis.sh restart).
    func restart() throws {
        try Shell.run("bash scripts/redis.sh restart '\(directory)'")
    }

    /// Stops the server; harmless when it is not running.
    func stop() {
        _ = try? Shell.run("bash scripts/redis.sh stop '\(directory)'")
    }
}
