import Postgres
import Testing

/// Statements are prepared once per connection and run by name afterwards; the cache is
/// bounded, can be turned off, and survives a table changing under a prepared statement.
@Suite(.enabled(if: TestEnvironment.hasDatabase, "needs TEST_DATABASE_URL"))
struct PreparedStatementTests {
    /// The statements this session has prepared, as the server lists them.
    private func preparedCount(_ connection: PostgresConnection) throws -> Int {
        // Itself prepared on first use, so it counts too.
        try #require(try connection.query("SELECT count(*)::int8 AS n FROM pg_prepared_statements").first)
            .decode(Int.self, "n")
    }

    private func connect(capacity: Int) throws -> PostgresConnection {
        var configuration = try TestEnvironment.configuration()
        configuration.preparedStatementCapacity = capacity
        return try PostgresConnection(configuration: configuration)
    }

    @Test func aStatementIsPreparedOnceAndReusedWithNewValues() throws {
        let connection = try TestEnvironment.connect()
        for number in 1...5 {
            let row = try #require(try connection.query("SELECT $1::int8 * 2 AS doubled", [.int(number)]).first)
            #expect(try row.decode(Int.self, "doubled") == number * 2)
        }
        // The statement above and the count query itself.
        #expect(try preparedCount(connection) == 2)
    }

    @Test func theSameTextWithOtherParameterTypesIsAnotherStatement() throws {
        let connection = try TestEnvironment.connect()
        let sql = "SELECT $1::int8 IS NULL AS missing"
        // NULL leaves the type to the server; an Int sends int8.
        #expect(try connection.query(sql, [.null]).first?.decode(Bool.self, "missing") == true)
        #expect(try connection.query(sql, [.int(3)]).first?.decode(Bool.self, "missing") == false)
        #expect(try connection.query(sql, [.null]).first?.decode(Bool.self, "missing") == true)
        #expect(try preparedCount(connection) == 3)
    }

    @Test func capacityZeroPreparesNothing() throws {
        let connection = try connect(capacity: 0)
        for number in 1...3 {
            #expect(try connection.query("SELECT $1::int8 AS n", [.int(number)]).first?.decode(Int.self, "n") == number)
        }
        #expect(try preparedCount(connection) == 0)
    }

    @Test func aFullCacheRunsFurtherStatementsUnprepared() throws {
        let connection = try connect(capacity: 2)
        for number in 1...10 {
            let sql = "SELECT \(number)::int8 + $1::int8 AS n"
            #expect(try connection.query(sql, [.int(1)]).first?.decode(Int.self, "n") == number + 1)
        }
        // Two prepared, then the cache is full: the count query runs unprepared.
        #expect(try preparedCount(connection) == 2)
    }

    @Test func aTableChangedUnderAPreparedStatementIsPreparedAgain() throws {
        let connection = try TestEnvironment.connect()
        let table = TestEnvironment.uniqueName("prepared")
        try connection.execute("CREATE TABLE \(table) (id int8)")
        defer { _ = try? connection.execute("DROP TABLE \(table)") }
        try connection.execute("INSERT INTO \(table) VALUES ($1)", [.int(7)])
        let select = "SELECT * FROM \(table) WHERE id = $1"
        #expect(try connection.query(select, [.int(7)]).first?.decode(Int.self, "id") == 7)
        // A migration adds a column: the cached plan's result type no longer fits.
        try connection.execute("ALTER TABLE \(table) ADD COLUMN note text DEFAULT 'added'")
        let row = try #require(try connection.query(select, [.int(7)]).first)
        #expect(try row.decode(String.self, "note") == "added")
    }

    @Test func aFailedPrepareIsReportedLikeAFailedStatementAndNotCached() throws {
        let connection = try TestEnvironment.connect()
        for _ in 1...2 {
            let error = #expect(throws: PostgresError.self) {
                try connection.query("SELECT * FROM no_such_table_here WHERE id = $1", [.int(1)])
            }
            #expect(error?.sqlState == "42P01")
        }
        #expect(try preparedCount(connection) == 1)
        #expect(try connection.query("SELECT 1 AS one").first?.decode(Int.self, "one") == 1)
    }
}
