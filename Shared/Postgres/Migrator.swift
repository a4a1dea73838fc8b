import Foundation
import Logging

/// Applies the SQL files of a directory to a database, in order, each exactly once.
///
/// Files are named `NNNN_name.sql` and applied by ascending number. Each runs in its own
/// transaction together with its row in the bookkeeping table
/// (`schema_migrations(version, name, applied_at)`), so a file is either wholly applied and
/// recorded or not at all. The whole run holds a session-level `pg_advisory_lock`: when two
/// processes start together, the second waits, then finds nothing left to do.
///
/// Definitions live apart: the `.sql` files of the `functions/` folder inside `directory`
/// (`RepeatableScript`) are applied again whenever their text changes (a checksum per file
/// in `<table>_repeatable`), each in its own transaction, BEFORE the pending numbered
/// migrations and with `check_function_bodies` off: a fresh database gets the functions its
/// tables use (generated columns, triggers) before the tables, and a function may name
/// tables a later migration creates.
///
/// Files must not contain `BEGIN`/`COMMIT` themselves, nor statements that cannot run in a
/// transaction (`CREATE INDEX CONCURRENTLY`, `VACUUM`). A file that fails stops the run with
/// a `.migration` error naming it; the files before it stay applied. Waiting for the lock
/// and long migrations count against the connection's statement time-out, if it has one.
public struct Migrator: Sendable {
    /// Where the `.sql` files are.
    public var directory: URL
    /// The bookkeeping table, optionally schema-qualified (`schema_migrations`).
    public var tableName: String
    /// Where applied files are logged.
    public var logger: Logger

    /// A migrator for the files in `directory`. Tests pass another `tableName` (for
    /// example in a schema of their own) so that runs do not see each other.
    public init(directory: URL, tableName: String = "schema_migrations", logger: Logger = Logger(label: "migrations")) {
        self.directory = directory
        self.tableName = tableName
        self.logger = logger
    }

    /// The migrations in `directory`, ordered by version. Throws `.migration` when the
    /// directory cannot be read, a `.sql` file is misnamed, or two files share a version.
    public func migrations() throws -> [Migration] {
        let fileNames: [String]
        do {
            fileNames = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw PostgresError(
                .migration, "migrations directory \(directory.path) cannot be read: \(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for fileName in fileNames.sorted() where fileName.hasSuffix(".sql") {
            guard let migration = try Migration.load(fileName: fileName, in: directory) else {
                throw PostgresError(.migration, "migration file \(fileName) is not named NNNN_name.sql")
            }
            if let clash = migrations.first(where: { $0.version == migration.version }) {
                throw PostgresError(
                    .migration,
                    "migrations \(clash.fileName) and \(fileName) have the same version \(migration.version)")
            }
            migrations.append(migration)
        }
        return migrations.sorted { $0.version < $1.version }
    }

    /// Applies the pending migrations on `connection` (outside any transaction) and returns
    /// them; empty when everything was applied already.
    @discardableResult
    public func migrate(on connection: PostgresConnection) throws -> [Migration] {
        let migrations = try migrations()
        let table = try quotedTableName()
        guard connection.transactionState == .idle else {
            throw PostgresError(.migration, "migrations need a connection that is not inside a transaction")
        }
        let lockKey: PostgresValue = .int(Int(truncatingIfNeeded: Self.lockKey(for: tableName)))
        try connection.execute("SELECT pg_advisory_lock($1)", [lockKey])
        // If unlocking fails the connection is gone, and the server drops its locks with it.
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [lockKey]) }

        // Created under the lock: two concurrent CREATE TABLE IF NOT EXISTS can still clash.
        let applied = try bookkeeping(table, key: "version bigint", value: "name", on: connection)
        for migration in migrations {
            if let name = applied[String(migration.version)], name != migration.name {
                logger.warning(
                    "migration \(migration.fileName): version already applied under the name \(name)",
                    ["version": .int(migration.version)])
            }
        }

        try applyRepeatables(on: connection, table: table)

        let pending = migrations.filter { applied[String($0.version)] == nil }
        for migration in pending {
            do {
                try connection.transaction { connection in
                    try connection.executeScript(migration.sql)
                    try connection.execute(
                        "INSERT INTO \(table) (version, name) VALUES ($1, $2)",
                        [.int(migration.version), .text(migration.name)])
                }
            } catch let error as PostgresError {
                throw PostgresError(
                    .migration, "migration \(migration.fileName) failed: \(error.message)", sqlState: error.sqlState,
                    detail: error.detail, hint: error.hint)
            }
            logger.info("applied migration \(migration.fileName)", ["version": .int(migration.version)])
        }
        return pending
    }

    /// Creates the bookkeeping table `table` if it is missing (`key`, a column and its type,
    /// as the primary key; `value`, a text column; when the row was applied) and reads it:
    /// value by key, the key as text.
    private func bookkeeping(
        _ table: String, key: String, value: String, on connection: PostgresConnection
    ) throws -> [String: String] {
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS \(table) (
                \(key) PRIMARY KEY,
                \(value) text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let keyColumn = key.prefix { $0 != " " }
        var recorded: [String: String] = [:]
        for row in try connection.query("SELECT \(keyColumn)::text AS key, \(value) AS value FROM \(table)") {
            recorded[try row.decode(String.self, "key")] = try row.decode(String.self, "value")
        }
        return recorded
    }

    /// The repeatable scripts of `directory/functions`.
    public func repeatables() throws -> [RepeatableScript] {
        try RepeatableScript.load(from: directory.appendingPathComponent("functions"))
    }

    /// Applies each repeatable script whose checksum differs from the one recorded.
    private func applyRepeatables(on connection: PostgresConnection, table: String) throws {
        let scripts = try repeatables()
        guard !scripts.isEmpty else { return }
        let bookkeeping = String(table.dropLast()) + "_repeatable\""
        let recorded = try self.bookkeeping(bookkeeping, key: "name text", value: "checksum", on: connection)
        for script in scripts where recorded[script.name] != script.checksum {
            do {
                try connection.transaction { connection in
                    try connection.execute("SET LOCAL check_function_bodies = off")
                    try connection.executeScript(script.sql)
                    try connection.execute(
                        """
                        INSERT INTO \(bookkeeping) (name, checksum) VALUES ($1, $2)
                        ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()
                        """,
                        [.text(script.name), .text(script.checksum)])
                }
            } catch let error as PostgresError {
                throw PostgresError(
                    .migration, "functions/\(script.name).sql failed: \(error.message)", sqlState: error.sqlState,
                    detail: error.detail, hint: error.hint)
            }
            logger.info("applied functions/\(script.name).sql", ["checksum": .string(script.checksum)])
        }
    }

    /// Applies the pending migrations on a connection of `pool` and returns them.
    @discardableResult
    public func migrate(using pool: PostgresPool) async throws -> [Migration] {
        let migrator = self
        return try await pool.withConnection { connection in try migrator.migrate(on: connection) }
    }

    /// `tableName` quoted for SQL. It is configuration, not input, but is still checked so
    /// that it can only ever be an identifier.
    func quotedTableName() throws -> String {
        let parts = tableName.split(separator: ".", omittingEmptySubsequences: false)
        let isIdentifier: (Substring) -> Bool = { part in
            guard let first = part.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else {
                return false
            }
            return part.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
        guard (1...2).contains(parts.count), parts.allSatisfy(isIdentifier) else {
            throw PostgresError(
                .invalidConfiguration,
                "migrations table name \"\(tableName)\" must be lower-case identifiers: table or schema.table")
        }
        return parts.map { "\"\($0)\"" }.joined(separator: ".")
    }

    /// The advisory lock key for `tableName`: a 64-bit FNV-1a hash, stable across
    /// processes and builds (unlike `Hasher`, which is seeded per process).
    static func lockKey(for tableName: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ("switchboard.migrations:" + tableName).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
