import Foundation
import Postgres
import Testing

/// `PostgresConnection` against a real server: type round trips, parameters, errors.
@Suite(.enabled(if: TestEnvironment.hasDatabase, "needs TEST_DATABASE_URL"))
struct ConnectionTests {
    /// Sends `value` as `$1`, cast to `type`, and returns the single row.
    private func echo(_ value: PostgresValue, as type: String) throws -> PostgresRow {
        let connection = try TestEnvironment.connect()
        let rows = try connection.query("SELECT $1::\(type) AS value", [value])
        return try #require(rows.first)
    }

    @Test func roundTripsUnicodeText() throws {
        let text = "Привет, 世界! 🎉 Làm thế nào? \"quoted\" 'single' \\ back\nslash\ttab"
        #expect(try echo(.text(text), as: "text").decode(String.self, "value") == text)
        #expect(try echo(.text(""), as: "text").decode(String.self, "value") == "")
        #expect(try echo("varchar", as: "varchar(20)").decode(String.self, at: 0) == "varchar")
    }

    @Test func roundTripsIntegersOfEverySize() throws {
        #expect(try echo(.int(.max), as: "int8").decode(Int.self, "value") == .max)
        #expect(try echo(.int(.min), as: "bigint").decode(Int64.self, "value") == .min)
        #expect(try echo(.int32(.min), as: "int4").decode(Int32.self, "value") == .min)
        #expect(try echo(.int32(.max), as: "integer").decode(Int.self, "value") == Int(Int32.max))
        #expect(try echo(.int16(-7), as: "int2").decode(Int16.self, "value") == -7)
        #expect(try echo(.int16(300), as: "smallint").decode(Int.self, "value") == 300)
    }

    @Test func roundTripsBooleans() throws {
        #expect(try echo(true, as: "bool").decode(Bool.self, "value") == true)
        #expect(try echo(false, as: "boolean").decode(Bool.self, "value") == false)
    }

    @Test(arguments: [0.1, -1e300, .leastNonzeroMagnitude, 1.0 / 3.0, 0, .infinity, -.infinity])
    func roundTripsDoublesExactly(value: Double) throws {
        #expect(try echo(.double(value), as: "float8").decode(Double.self, "value") == value)
    }

    @Test func roundTripsNaNAndReadsNumericAsDoubleOrExactText() throws {
        #expect(try echo(.double(.nan), as: "float8").decode(Double.self, "value").isNaN)
        let row = try #require(
            try TestEnvironment.connect().query("SELECT 12.345::numeric AS n, 1.5::float4 AS f").first)
        #expect(try row.decode(Double.self, "n") == 12.345)
        #expect(try row.decode(String.self, "n") == "12.345")
        #expect(try row.decode(Double.self, "f") == 1.5)
    }

    @Test func roundTripsTimestampsAtMicrosecondPrecisionInUTC() throws {
        let connection = try TestEnvironment.connect()
        #expect(try connection.query("SHOW TimeZone").first?.decode(String.self, at: 0) == "UTC")
        for seconds in [1_700_000_000.123456, 0, -14_182_940.000001, 4_102_444_800.5] {
            let date = Date(timeIntervalSince1970: seconds)
            let row = try #require(
                try connection.query("SELECT $1 AS value, $1::text AS text, now() AS now", [.timestamp(date)]).first)
            let back = try row.decode(Date.self, "value")
            #expect(abs(back.timeIntervalSince1970 - seconds) < 1e-6)
            #expect(try row.decode(String.self, "text").hasSuffix("+00"))
            #expect(abs(try row.decode(Date.self, "now").timeIntervalSinceNow) < 60)
        }
        let fixed = try #require(
            try connection.query("SELECT '2023-11-14 22:13:20.123456+00'::timestamptz::text AS t").first)
        #expect(try fixed.decode(String.self, "t") == "2023-11-14 22:13:20.123456+00")
        let plain = try #require(
            try connection.query("SELECT '2024-02-29'::date AS d, 'infinity'::timestamptz AS i").first)
        #expect(try plain.decode(Date.self, "d") == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(try plain.decode(Date.self, "i") == .distantFuture)
    }

    /// A JSON document's shape, for comparing documents whose formatting differs.
    private struct Document: Codable, Equatable {
        var name: String
        var tags: [String]
        var nested: [String: Int]
    }

    @Test func roundTripsJSONBAndJSONAsTextOrBytes() throws {
        let document = Document(name: "Иван 🎉", tags: ["vpn", "ru"], nested: ["a": 1, "b": 2])
        let json = String(decoding: try JSONEncoder().encode(document), as: UTF8.self)
        let row = try echo(.jsonb(json), as: "jsonb")
        // jsonb stores a normalised document: compare contents, not bytes.
        #expect(try JSONDecoder().decode(Document.self, from: row.decode(Data.self, "value")) == document)
        #expect(try JSONDecoder().decode(Document.self, from: Data(row.decode(String.self, "value").utf8)) == document)
        // json keeps the text as it was sent.
        let spaced = "{ \"name\" : \"x\",  \"tags\": [], \"nested\": {} }"
        #expect(try echo(.json(spaced), as: "json").decode(String.self, "value") == spaced)
        // Text parameters are typed by context, so they work for jsonb columns too.
        #expect(try echo(.text("{\"k\": [1]}"), as: "jsonb").decode(String.self, "value") == "{\"k\": [1]}")
    }

    @Test func roundTripsUUIDs() throws {
        let uuid = UUID()
        let row = try echo(.uuid(uuid), as: "uuid")
        #expect(try row.decode(UUID.self, "value") == uuid)
        #expect(try row.decode(String.self, "value") == uuid.uuidString.lowercased())
        #expect(try echo(.text(uuid.uuidString), as: "uuid").decode(UUID.self, "value") == uuid)
    }

    @Test func roundTripsBytesIncludingNULs() throws {
        let bytes = Data([0, 1, 2, 0x27, 0x5c, 0x7f, 0x80, 0xff, 0])
        #expect(try echo(.bytes(bytes), as: "bytea").decode(Data.self, "value") == bytes)
        #expect(try echo(.bytes(Data()), as: "bytea").decode(Data.self, "value") == Data())
        let large = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        #expect(try echo(.bytes(large), as: "bytea").decode(Data.self, "value") == large)
    }

    @Test(arguments: ["text", "int8", "int4", "bool", "float8", "numeric", "timestamptz", "jsonb", "uuid", "bytea"])
    func roundTripsNullOfEveryType(type: String) throws {
        let row = try echo(nil, as: type)
        #expect(try row.isNull("value"))
        #expect(try row.optional(String.self, "value") == nil)
        #expect(try row.optional(Int.self, at: 0) == nil)
        #expect(try row.optional(Date.self, "value") == nil)
        #expect(try row.optional(Data.self, "value") == nil)
    }

    @Test func optionalWrappersEncodeNilAsNull() throws {
        let assignee: String? = nil
        let row = try #require(
            try TestEnvironment.connect().query(
                "SELECT $1::text AS a, $2::int8 AS b", [PostgresValue(assignee), PostgresValue(Optional(5))]
            ).first)
        #expect(try row.optional(String.self, "a") == nil)
        #expect(try row.optional(Int.self, "b") == 5)
    }

    @Test func parametersAreNeverInterpretedAsSQL() throws {
        let connection = try TestEnvironment.connect()
        let table = TestEnvironment.uniqueName("victims")
        try connection.execute("CREATE TEMP TABLE \(table) (id serial PRIMARY KEY, name text NOT NULL)")
        let hostile = [
            "'); DROP TABLE \(table); --",
            "Robert'); DROP TABLE students;--",
            "' OR '1'='1",
            "$1; SELECT pg_sleep(10)",
            "\\'; --",
        ]
        for name in hostile {
            #expect(try connection.execute("INSERT INTO \(table) (name) VALUES ($1)", [.text(name)]) == 1)
        }
        for name in hostile {
            let rows = try connection.query("SELECT name FROM \(table) WHERE name = $1", [.text(name)])
            #expect(rows.count == 1)
            #expect(try rows.first?.decode(String.self, "name") == name)
        }
        #expect(
            try connection.query("SELECT count(*) AS n FROM \(table)").first?.decode(Int.self, "n") == hostile.count)
        #expect(try connection.query("SELECT 1 FROM \(table) WHERE name = $1", ["' OR '1'='1"]).count == 1)
    }

    @Test func refusesSeveralStatementsInOneQuery() throws {
        let connection = try TestEnvironment.connect()
        #expect {
            try connection.query("SELECT 1; SELECT 2")
        } throws: { error in
            (error as? PostgresError)?.sqlState == "42601"
        }
    }

    @Test func reportsServerErrorsWithSQLStateAndStaysUsable() throws {
        let connection = try TestEnvironment.connect()
        do {
            _ = try connection.query("SELECT 1 / $1::int AS x", [.int(0)])
            Issue.record("division by zero should throw")
        } catch let error as PostgresError {
            #expect(error.kind == .server)
            #expect(error.sqlState == "22012")
            #expect(error.message == "division by zero")
        }
        let table = TestEnvironment.uniqueName("unique")
        try connection.execute("CREATE TEMP TABLE \(table) (id int PRIMARY KEY)")
        try connection.execute("INSERT INTO \(table) VALUES (1)")
        do {
            try connection.execute("INSERT INTO \(table) VALUES ($1)", [.int32(1)])
            Issue.record("duplicate key should throw")
        } catch let error as PostgresError {
            #expect(error.kind == .server)
            #expect(error.sqlState == "23505")
            #expect(error.detail == "Key (id)=(1) already exists.")
            #expect(error.description.contains("SQLSTATE 23505"))
        }
        do {
            _ = try connection.query("SELEKT 1")
            Issue.record("a syntax error should throw")
        } catch let error as PostgresError {
            #expect(error.sqlState == "42601")
            #expect(error.message.contains("SELEKT"))
        }
        #expect(connection.isOpen)
        #expect(try connection.query("SELECT 2 AS two").first?.decode(Int.self, "two") == 2)
    }

    @Test func decodingMistakesThrowErrorsNamingTheColumn() throws {
        let row = try #require(
            try TestEnvironment.connect().query("SELECT 'ivan'::text AS name, NULL::text AS assignee, 7 AS id").first)
        let mistakes: [(String, () throws -> Void)] = [
            ("\"name\"", { _ = try row.decode(Int.self, "name") }),
            ("\"id\"", { _ = try row.decode(String.self, "id") }),
            ("\"assignee\"", { _ = try row.decode(String.self, "assignee") }),
            ("\"missing\"", { _ = try row.decode(String.self, "missing") }),
            ("index 9", { _ = try row.decode(String.self, at: 9) }),
            ("\"id\"", { _ = try row.optional(Date.self, "id") }),
        ]
        for (column, mistake) in mistakes {
            #expect {
                try mistake()
            } throws: { error in
                guard let error = error as? PostgresError else { return false }
                return error.kind == .decoding && error.message.contains(column)
            }
        }
        #expect(try row.decode(Int.self, "id") == 7)
        #expect(try row.optional(String.self, "assignee") == nil)
        #expect(row.columns.map(\.name) == ["name", "assignee", "id"])
        #expect(row.columns.map(\.type) == [.text, .text, .int4])
    }

    @Test func refusesTextParametersWithNULWithoutBreakingTheConnection() throws {
        let connection = try TestEnvironment.connect()
        #expect {
            try connection.query("SELECT $1::text", [.text("cut\u{0}here")])
        } throws: { error in
            (error as? PostgresError)?.kind == .invalidParameter
        }
        #expect(connection.isOpen)
        #expect(try connection.query("SELECT 1 AS one").count == 1)
    }

    @Test func executeReturnsTheAffectedRowCount() throws {
        let connection = try TestEnvironment.connect()
        let table = TestEnvironment.uniqueName("counts")
        try connection.execute("CREATE TEMP TABLE \(table) (n int)")
        #expect(try connection.execute("INSERT INTO \(table) SELECT generate_series(1, $1::int)", [.int(5)]) == 5)
        #expect(try connection.execute("UPDATE \(table) SET n = n + 10 WHERE n > $1", [.int(3)]) == 2)
        #expect(try connection.execute("DELETE FROM \(table) WHERE n < 0") == 0)
        let rows = try connection.query("SELECT n FROM \(table) ORDER BY n")
        #expect(rows.commandTag == "SELECT 5")
        #expect(try rows.map { try $0.decode(Int.self, "n") } == [1, 2, 3, 14, 15])
        #expect(try connection.query("").isEmpty)
    }

    @Test func statementTimeoutCancelsSlowStatements() throws {
        let connection = try TestEnvironment.connect(statementTimeout: .milliseconds(100))
        let start = ContinuousClock.now
        #expect {
            try connection.query("SELECT pg_sleep(3)")
        } throws: { error in
            (error as? PostgresError)?.sqlState == "57014"
        }
        #expect(start.duration(to: .now) < .seconds(2))
        #expect(try connection.query("SELECT 1 AS one").count == 1)
    }

    @Test func aClosedConnectionThrowsConnectionFailure() throws {
        let connection = try TestEnvironment.connect()
        #expect(connection.backendProcessID > 0)
        connection.close()
        connection.close()
        #expect(!connection.isOpen)
        #expect {
            try connection.query("SELECT 1")
        } throws: { error in
            (error as? PostgresError)?.kind == .connectionFailure
        }
    }

    @Test func scriptsRunSeveralStatementsAndStopAtTheFirstError() throws {
        let connection = try TestEnvironment.connect()
        let table = TestEnvironment.uniqueName("script")
        try connection.executeScript("CREATE TEMP TABLE \(table) (n int); INSERT INTO \(table) VALUES (1), (2);")
        #expect(try connection.query("SELECT n FROM \(table)").count == 2)
        #expect {
            try connection.executeScript(
                "INSERT INTO \(table) VALUES (3); SELECT nope; INSERT INTO \(table) VALUES (4);")
        } throws: { error in
            (error as? PostgresError)?.sqlState == "42703"
        }
        // One simple-query message runs as one implicit transaction: nothing of it stays.
        #expect(try connection.query("SELECT n FROM \(table)").count == 2)
    }
    /// Exercises every path that holds a libpq result or handle, many times over, for the
    /// leak check (run under AddressSanitizer, whose LeakSanitizer reports anything unfreed).
    @Test func aLoopOfQueriesErrorsAndTransactionsLeavesTheConnectionClean() throws {
        let connection = try TestEnvironment.connect()
        let table = TestEnvironment.uniqueName("loop")
        try connection.execute("CREATE TEMP TABLE \(table) (id int PRIMARY KEY, body jsonb, blob bytea)")
        for index in 0..<200 {
            let rows = try connection.query(
                "INSERT INTO \(table) VALUES ($1::int, $2, $3) RETURNING id, body, blob",
                [.int(index), .jsonb("{\"n\": \(index)}"), .bytes(Data([UInt8(index % 256), 0]))])
            #expect(try rows.first?.decode(Int.self, "id") == index)
            #expect(throws: PostgresError.self) { try connection.execute("INSERT INTO \(table) (id) VALUES (0)") }
            #expect(throws: PostgresError.self) { try rows.first?.decode(Int.self, "body") }
            #expect(throws: PostgresError.self) {
                try connection.transaction { connection in
                    try connection.execute("DELETE FROM \(table)")
                    _ = try connection.query("SELECT 1 / 0")
                }
            }
            try connection.executeScript("SELECT 1; SELECT 2")
        }
        #expect(try connection.query("SELECT count(*) AS n FROM \(table)").first?.decode(Int.self, "n") == 200)
        for _ in 0..<20 {
            #expect(throws: PostgresError.self) { _ = try PostgresConnection(url: "postgres://u@127.0.0.1:1/db") }
        }
    }
}
