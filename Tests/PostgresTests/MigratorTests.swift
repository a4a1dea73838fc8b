import Foundation
import Postgres
import Testing

/// `Migrator` with temporary folders of SQL files, each test in a schema of its own; and
/// the shipped 0001_core.sql on a fresh database.
@Suite(.enabled(if: TestEnvironment.hasDatabase, "needs TEST_DATABASE_URL"))
struct MigratorTests {
    /// A schema and a folder of migration files for one test, removed afterwards.
    private struct Workspace {
        /// The schema the files create their tables in (and the bookkeeping table lives in).
        let schema = TestEnvironment.uniqueName("mig")
        /// The folder holding the files.
        let directory = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent(TestEnvironment.uniqueName("migrations"))

        /// Writes a file; `{s}` in `sql` becomes the schema name.
        func write(_ fileName: String, _ sql: String) throws {
            try sql.replacingOccurrences(of: "{s}", with: schema)
                .write(to: directory.appendingPathComponent(fileName), atomically: true, encoding: .utf8)
        }

        /// A migrator for the folder, bookkeeping in `schema.schema_migrations`.
        var migrator: Migrator { Migrator(directory: directory, tableName: schema + ".schema_migrations") }
    }

    /// Runs `body` with a fresh workspace, cleaning up even when it throws.
    private func withWorkspace(_ body: (Workspace) async throws -> Void) async throws {
        let workspace = Workspace()
        try FileManager.default.createDirectory(at: workspace.directory, withIntermediateDirectories: true)
        let schema = workspace.schema
        try await TestEnvironment.blocking { try TestEnvironment.connect().execute("CREATE SCHEMA \(schema)") }
        defer {
            try? FileManager.default.removeItem(at: workspace.directory)
            _ = try? TestEnvironment.connect().execute("DROP SCHEMA \(schema) CASCADE")
        }
        try await body(workspace)
    }

    /// The versions recorded in the workspace's bookkeeping table.
    private func recordedVersions(_ workspace: Workspace) throws -> [Int] {
        try TestEnvironment.connect().query(
            "SELECT version FROM \(workspace.schema).schema_migrations ORDER BY version"
        )
        .map { try $0.decode(Int.self, "version") }
    }

    @Test func definitionsAreAppliedBeforeTheMigrationsAndAgainOnlyWhenTheyChange() async throws {
        try await withWorkspace { workspace in
            let functions = workspace.directory.appendingPathComponent("functions")
            try FileManager.default.createDirectory(at: functions, withIntermediateDirectories: true)
            let define = { (body: String) in
                try """
                    CREATE OR REPLACE FUNCTION \(workspace.schema).label(n int) RETURNS text
                    LANGUAGE sql STABLE AS $$ SELECT \(body) || n::text FROM \(workspace.schema).prefixes $$;
                    CREATE OR REPLACE FUNCTION \(workspace.schema).shout(t text) RETURNS text
                    LANGUAGE sql IMMUTABLE AS $$ SELECT upper(t) $$;
                    """.write(to: functions.appendingPathComponent("label.sql"), atomically: true, encoding: .utf8)
            }
            // A SQL function naming a table a migration creates later, and a migration whose
            // table uses the function: definitions first, bodies unchecked, work for both.
            try define("'v1-' || p")
            try workspace.write(
                "1_tables.sql",
                """
                CREATE TABLE {s}.prefixes (p text);
                CREATE TABLE {s}.items (t text, loud text GENERATED ALWAYS AS ({s}.shout(t)) STORED);
                """)
            let connection = try TestEnvironment.connect()
            try workspace.migrator.migrate(on: connection)
            let label = { try connection.query("SELECT \(workspace.schema).label(7) AS l").first?.optional(String.self, "l") }
            #expect(try label() == nil, "no prefixes row: the function reads the table")
            try connection.execute("INSERT INTO \(workspace.schema).prefixes VALUES ('x')")
            #expect(try label() == "v1-x7")
            let recorded = { try connection.query("SELECT applied_at::text AS at FROM \(workspace.schema).schema_migrations_repeatable").first?.decode(String.self, "at") }
            let firstApplied = try recorded()
            // Unchanged: not applied again.
            try workspace.migrator.migrate(on: connection)
            #expect(try recorded() == firstApplied)
            // Changed: applied again, without a new numbered migration.
            try define("'v2-' || p")
            try workspace.migrator.migrate(on: connection)
            #expect(try label() == "v2-x7")
            #expect(try recorded() != firstApplied)
            // A broken definition stops the run and names its file.
            try define("no_such_column")
            try? FileManager.default.removeItem(at: functions.appendingPathComponent("label.sql"))
            try "CREATE FUNCTION broken( AS".write(
                to: functions.appendingPathComponent("broken.sql"), atomically: true, encoding: .utf8)
            #expect {
                try workspace.migrator.migrate(on: connection)
            } throws: { error in
                (error as? PostgresError)?.message.contains("functions/broken.sql") == true
            }
        }
    }

    @Test func appliesEachFileOnceInNumericOrder() async throws {
        try await withWorkspace { workspace in
            try workspace.write("1_first.sql", "CREATE TABLE {s}.notes (text text NOT NULL);")
            try workspace.write("2_second.sql", "CREATE TABLE {s}.later (n int); INSERT INTO {s}.notes VALUES ('two');")
            // Sorted as text, 10 would come before 2 and fail: {s}.later would not exist yet.
            try workspace.write(
                "10_tenth.sql", "INSERT INTO {s}.later VALUES (10);\nINSERT INTO {s}.notes VALUES ('ten');")
            try workspace.write("README.md", "not a migration")

            let connection = try TestEnvironment.connect()
            let applied = try workspace.migrator.migrate(on: connection)
            #expect(applied.map(\.version) == [1, 2, 10])
            #expect(applied.map(\.name) == ["first", "second", "tenth"])
            #expect(try workspace.migrator.migrate(on: connection).isEmpty)
            #expect(try recordedVersions(workspace) == [1, 2, 10])
            let notes = try connection.query("SELECT text FROM \(workspace.schema).notes ORDER BY text")
            #expect(try notes.map { try $0.decode(String.self, "text") } == ["ten", "two"])

            // A new file later is applied alone.
            try workspace.write("0011_eleventh.sql", "INSERT INTO {s}.later VALUES (11);")
            #expect(try workspace.migrator.migrate(on: connection).map(\.fileName) == ["0011_eleventh.sql"])
        }
    }

    @Test func concurrentRunsApplyEachFileExactlyOnce() async throws {
        try await withWorkspace { workspace in
            try workspace.write("0001_slow.sql", "CREATE TABLE {s}.runs (n int); SELECT pg_sleep(0.3);")
            // Fails with a duplicate key if it ever ran twice.
            try workspace.write(
                "0002_once.sql", "ALTER TABLE {s}.runs ADD PRIMARY KEY (n); INSERT INTO {s}.runs VALUES (2);")
            try workspace.write("0003_more.sql", "INSERT INTO {s}.runs VALUES (3);")

            let configuration = try TestEnvironment.configuration()
            let migrator = workspace.migrator
            let pools = (0..<3).map { _ in PostgresPool(configuration: configuration, size: 1) }
            defer { pools.forEach { $0.close() } }
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for pool in pools {
                    group.addTask { try await migrator.migrate(using: pool).count }
                }
                var counts: [Int] = []
                for try await count in group { counts.append(count) }
                return counts
            }
            #expect(counts.sorted() == [0, 0, 3])
            #expect(try recordedVersions(workspace) == [1, 2, 3])
            let runs = try TestEnvironment.connect().query("SELECT n FROM \(workspace.schema).runs ORDER BY n")
            #expect(try runs.map { try $0.decode(Int.self, "n") } == [2, 3])
        }
    }

    @Test func aFailingFileNamesItselfAndLeavesNoTrace() async throws {
        try await withWorkspace { workspace in
            try workspace.write("0001_good.sql", "CREATE TABLE {s}.good (n int);")
            try workspace.write(
                "0002_broken.sql", "CREATE TABLE {s}.half (n int);\nSELECT no_such_column FROM {s}.good;")
            try workspace.write("0003_never.sql", "CREATE TABLE {s}.never (n int);")
            let connection = try TestEnvironment.connect()
            #expect {
                try workspace.migrator.migrate(on: connection)
            } throws: { error in
                guard let error = error as? PostgresError else { return false }
                return error.kind == .migration && error.message.contains("0002_broken.sql")
                    && error.message.contains("no_such_column") && error.sqlState == "42703"
            }
            #expect(try recordedVersions(workspace) == [1])
            let tables = try connection.query(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
                [.text(workspace.schema)])
            #expect(try tables.map { try $0.decode(String.self, "table_name") } == ["good", "schema_migrations"])

            // Fixed, the rest applies; the advisory lock was released despite the failure.
            try workspace.write("0002_broken.sql", "CREATE TABLE {s}.half (n int);")
            #expect(try workspace.migrator.migrate(on: TestEnvironment.connect()).map(\.version) == [2, 3])
        }
    }

    @Test func misnamedOrDuplicateFilesAreRejected() async throws {
        try await withWorkspace { workspace in
            try workspace.write("first.sql", "SELECT 1;")
            #expect {
                try workspace.migrator.migrations()
            } throws: { error in
                (error as? PostgresError)?.message.contains("first.sql is not named NNNN_name.sql") == true
            }
            try FileManager.default.removeItem(at: workspace.directory.appendingPathComponent("first.sql"))
            try workspace.write("0001_a.sql", "SELECT 1;")
            try workspace.write("1_b.sql", "SELECT 1;")
            #expect {
                try workspace.migrator.migrations()
            } throws: { error in
                (error as? PostgresError)?.message.contains("the same version 1") == true
            }
        }
    }

    @Test func aBadTableNameOrMissingFolderIsAClearError() throws {
        let connection = try TestEnvironment.connect()
        let directory = TestEnvironment.repositoryRoot.appendingPathComponent("Services/ingest-api/IngestAPI/Migrations")
        #expect(throws: PostgresError.self) {
            try Migrator(directory: directory, tableName: "x; DROP TABLE y").migrate(on: connection)
        }
        #expect {
            try Migrator(directory: URL(fileURLWithPath: "/nonexistent/migrations")).migrate(on: connection)
        } throws: { error in
            (error as? PostgresError)?.message.contains("/nonexistent/migrations") == true
        }
    }

    @Test func theShippedCoreMigrationAppliesToAFreshDatabase() async throws {
        let database = TestEnvironment.uniqueName("switchboard_core")
        let admin = try TestEnvironment.superuserConfiguration()
        let owner = try TestEnvironment.configuration().url.user
        try await TestEnvironment.blocking {
            try PostgresConnection(configuration: admin).execute("CREATE DATABASE \(database) OWNER \(owner)")
        }
        defer {
            _ = try? PostgresConnection(configuration: admin).execute(
                "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        }
        var url = try TestEnvironment.configuration().url
        url.database = database
        let pool = PostgresPool(configuration: PostgresConfiguration(url: url), size: 2)
        defer { pool.close() }
        let migrator = Migrator(
            directory: TestEnvironment.repositoryRoot.appendingPathComponent("Services/ingest-api/IngestAPI/Migrations"))
        let applied = try await migrator.migrate(using: pool)
        #expect(applied.first?.fileName == "0001_core.sql")
        #expect(try await migrator.migrate(using: pool).isEmpty)

        // The schema's own behaviour (constraints, upserts, FAQ similarity) is ingest-api's and
        // tested there; here: it applies to an empty database, once, with pg_trgm available.
        try await pool.withConnection { connection in
            let tables = try connection.query(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
            let names = Set(try tables.map { try $0.decode(String.self, at: 0) })
            #expect(names.isSuperset(of: ["chats", "faq", "messages", "schema_migrations", "tickets", "users"]))
            let trigram = try connection.query("SELECT similarity('VPN', 'VPN') AS score")
            #expect(try trigram.first?.decode(Double.self, "score") == 1)
        }
    }
}
