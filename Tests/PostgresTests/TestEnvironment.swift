import Foundation
import Postgres

#if canImport(Glibc)
    import Glibc
#endif

/// Where the integration tests find PostgreSQL, and small helpers they share.
enum TestEnvironment {
    /// `TEST_DATABASE_URL`, exported by the team's test command; nil skips integration tests.
    static let databaseURL = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"]

    /// True when a real PostgreSQL is available.
    static var hasDatabase: Bool { databaseURL != nil }

    /// The repository root, found from this file's path (Tests/PostgresTests/…).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Settings for the test database.
    static func configuration(
        statementTimeout: Duration? = nil, connectTimeout: Duration = PostgresConfiguration.defaultConnectTimeout
    ) throws -> PostgresConfiguration {
        guard let databaseURL else { throw PostgresError(.invalidConfiguration, "TEST_DATABASE_URL is not set") }
        return try PostgresConfiguration(
            url: databaseURL, connectTimeout: connectTimeout, statementTimeout: statementTimeout,
            applicationName: "switchboard-tests")
    }

    /// A new connection to the test database.
    static func connect(statementTimeout: Duration? = nil) throws -> PostgresConnection {
        try PostgresConnection(configuration: configuration(statementTimeout: statementTimeout))
    }

    /// The same server as the test database, as the `postgres` superuser (the test servers
    /// use trust authentication on loopback), for creating and dropping databases.
    static func superuserConfiguration() throws -> PostgresConfiguration {
        var url = try configuration().url
        url.user = "postgres"
        url.password = nil
        url.database = "postgres"
        return PostgresConfiguration(url: url)
    }

    /// A lower-case identifier no other test run uses: `prefix_` and 12 hex digits.
    static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    static func freePort() throws -> Int {
        let listener = try TestListener()
        return listener.port
    }

    /// Seconds `body` took.
    static func measure<Value>(_ body: () async throws -> Value) async rethrows -> (Value, Double) {
        let start = ContinuousClock.now
        let value = try await body()
        let elapsed = start.duration(to: .now)
        return (value, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// An advisory lock key no other test uses.
    static func advisoryLockKey() -> Int { Int.random(in: 1_000_000...Int(Int32.max)) }

    /// The server processes holding advisory lock `key`, or with `waiting` those queued for
    /// it, as `connection` sees them (empty if the query fails).
    static func advisoryLockSessions(_ key: Int, on connection: PostgresConnection, waiting: Bool = false) -> [Int] {
        guard
            let rows = try? connection.query(
                "SELECT pid::int8 AS pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1::int8::oid"
                    + (waiting ? " AND NOT granted" : ""), [.int(key)])
        else { return [] }
        return rows.compactMap { try? $0.decode(Int.self, "pid") }
    }

    /// Polls `condition` every 10 ms until it holds; throws after 5 s.
    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<500 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw PostgresError(.poolTimeout, "condition not met within 5 s")
    }

    /// Runs blocking `body` on a dispatch thread, so a test never blocks a thread of the
    /// small cooperative pool that the other tests (and the pool's continuations) need.
    @discardableResult
    static func blocking<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs `bash script arguments…` (script relative to the repository root); throws with
    /// its output if it fails.
    ///
    /// Spawned with `posix_spawn` and reaped with `waitpid` on a dispatch thread rather than
    /// with Foundation's `Process`: on Linux `Process` learns of the child's exit through a
    /// socket the child inherits, and the PostgreSQL server the script leaves running
    /// inherits it too, so the exit would never be reported.
    static func runScript(_ script: String, _ arguments: [String]) async throws {
        let log = NSTemporaryDirectory() + uniqueName("script") + ".log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let command = ["/bin/bash", repositoryRoot.appendingPathComponent(script).path] + arguments
        let status = try await blocking { try spawnAndWait(command, output: log) }
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw PostgresError(
                .connectionFailure, "\(script) \(arguments.joined(separator: " ")) failed (\(status)): \(text)")
        }
    }

    /// Runs `command` with stdout and stderr going to the file `output`; returns its exit
    /// status (128 + signal if a signal ended it).
    private static func spawnAndWait(_ command: [String], output: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = command.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var processID: pid_t = 0
        let spawned = posix_spawn(&processID, command[0], &actions, nil, arguments, environ)
        guard spawned == 0 else {
            throw PostgresError(.connectionFailure, "posix_spawn \(command[0]) failed: \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(processID, &status, 0) < 0 {
            guard errno == EINTR else { throw PostgresError(.connectionFailure, "waitpid failed: \(errno)") }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// A TCP socket listening on 127.0.0.1 that never accepts: a connection to it completes
/// the TCP handshake and then hears nothing, like a hung server.
final class TestListener {
    /// The socket.
    private let descriptor: Int32
    /// The port it listens on.
    let port: Int

    /// Listens on a free port.
    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw PostgresError(.connectionFailure, "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && listen(descriptor, 8) == 0
                    && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw PostgresError(.connectionFailure, "bind/listen on 127.0.0.1 failed")
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Closes the socket.
    deinit {
        close(descriptor)
    }
}

/// A PostgreSQL server of a test's own, started with scripts/postgres.sh on a free port in a
/// temporary folder, so restarting it disturbs no other test.
struct TestServer: Sendable {
    /// The server's folder (data, log, socket).
    let directory: String
    /// Its port on 127.0.0.1.
    let port: Int

    /// The URL of its `switchboard` database.
    var url: String { "postgres://switchboard@127.0.0.1:\(port)/switchboard" }

    /// Starts a server, runs `body` with it, and stops and deletes it afterwards.
    static func with<Value>(_ body: (TestServer) async throws -> Value) async throws -> Value {
        let server = TestServer(
            directory: NSTemporaryDirectory() + TestEnvironment.uniqueName("switchboard-pgtest"),
            port: try TestEnvironment.freePort())
        try await TestEnvironment.runScript("scripts/postgres.sh", ["start", server.directory, String(server.port)])
        do {
            let value = try await body(server)
            try await server.tearDown()
            return value
        } catch {
            try? await server.tearDown()
            throw error
        }
    }

    /// Stops the server (fast shutdown: open connections are terminated).
    func stop() async throws {
        try await TestEnvironment.runScript("scripts/postgres.sh", ["stop", directory])
    }

    /// Starts it again on the same port after `stop`.
    func start() async throws {
        try await TestEnvironment.runScript("scripts/postgres.sh", ["start", directory, String(port)])
    }

    /// Stops and starts it on the same port.
    func restart() async throws {
        try await TestEnvironment.runScript("scripts/postgres.sh", ["restart", directory])
    }

    /// Stops it and removes its folder.
    private func tearDown() async throws {
        try await stop()
        try FileManager.default.removeItem(atPath: directory)
    }
}
