import Foundation
import Redis
import TestSupport

/// A Redis or PostgreSQL server of the suite's own on a free loopback port, started and
/// stopped with the repository's scripts (scripts/redis.sh, scripts/postgres.sh), for the
/// tests that take a dependency away while the desk runs: the shared test servers stay up.
final class PrivateServer: Sendable {
    /// Which server.
    enum Kind: String, Sendable {
        case redis, postgres
    }

    /// Which server.
    let kind: Kind
    /// Its port on 127.0.0.1.
    let port: Int
    /// Its data, pidfile and log.
    let directory: URL

    /// The URL the desk's processes get.
    var url: String {
        switch kind {
        case .redis: "redis://127.0.0.1:\(port)/0"
        case .postgres: "postgres://switchboard@127.0.0.1:\(port)/switchboard"
        }
    }

    /// Starts a fresh server. A Redis is told to save on shutdown, so a restart keeps the
    /// data as a deployed Redis with its append-only file does (scripts/redis.sh runs it
    /// without persistence, and a desk that lost Redis's data is another story).
    static func start(_ kind: Kind, in parent: URL) async throws -> PrivateServer {
        let server = PrivateServer(
            kind: kind, port: unusedPort(), directory: parent.appendingPathComponent("private-\(kind.rawValue)"))
        try await server.start()
        return server
    }

    private init(kind: Kind, port: Int, directory: URL) {
        self.kind = kind
        self.port = port
        self.directory = directory
    }

    /// Starts (again) on the same port and data.
    func start() async throws {
        try await script(["start", directory.path, String(port)])
        if kind == .redis {
            // After every start: the script's command line turns saving off again.
            let client = RedisClient(url: try RedisURL(url), poolSize: 1)
            _ = try await client.send("CONFIG", "SET", "save", "3600 1")
        }
    }

    /// Stops it (its data stays for the next start).
    func stop() async throws {
        try await script(["stop", directory.path])
    }

    /// Runs scripts/{kind}.sh with `arguments`; throws with its output unless it exits 0.
    private func script(_ arguments: [String]) async throws {
        let path = DeskEnvironment.repositoryRoot.appendingPathComponent("scripts/\(kind.rawValue).sh").path
        let log = directory.deletingLastPathComponent().appendingPathComponent("\(kind.rawValue)-script.log")
        let output = try await ScriptRun.run(path, arguments, output: log)
        guard output.0 == 0 else {
            throw DeskError("scripts/\(kind.rawValue).sh \(arguments.joined(separator: " ")): \(output.1)")
        }
    }
}

extension PrivateServer {
    /// Starts a server of each of `kinds` in a scratch folder, runs `body` with them, and
    /// stops them and removes their data, whether `body` throws or not.
    static func with(
        _ kinds: [Kind], _ body: ([PrivateServer]) async throws -> Void
    ) async throws {
        let directory = try DeskEnvironment.makeScratchDirectory("servers")
        var servers: [PrivateServer] = []
        do {
            for kind in kinds { servers.append(try await start(kind, in: directory)) }
            try await body(servers)
        } catch {
            for server in servers { try? await server.stop() }
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        for server in servers { try? await server.stop() }
        if !DeskEnvironment.keepsLogs { try? FileManager.default.removeItem(at: directory) }
    }
}
