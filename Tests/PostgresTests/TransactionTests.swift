import Foundation
import Postgres
import Testing

/// `transaction` on a connection: commit, rollback, savepoints.
@Suite(.enabled(if: TestEnvironment.hasDatabase, "needs TEST_DATABASE_URL"))
struct TransactionTests {
    /// A Swift error thrown from inside a transaction.
    struct Abort: Error, Equatable {}

    /// Runs `body` with a fresh table `(n int)` that other connections can see, dropped after.
    private func withTable(_ body: (PostgresConnection, String) throws -> Void) throws {
        let connection = try TestEnvironment.connect()
        let table = TestEnvironment.uniqueName("tx")
        try connection.execute("CREATE TABLE \(table) (n int NOT NULL)")
        defer { _ = try? connection.execute("DROP TABLE IF EXISTS \(table)") }
        try body(connection, table)
    }

    /// The values in `table`, read on a connection of its own.
    private func values(in table: String) throws -> [Int] {
        try TestEnvironment.connect().query("SELECT n FROM \(table) ORDER BY n").map { try $0.decode(Int.self, "n") }
    }

    @Test func commitsWhenTheBodyReturns() throws {
        try withTable { connection, table throws in
            let result = try connection.transaction { connection in
                try connection.execute("INSERT INTO \(table) VALUES (1), (2)")
                // Not visible to others before the commit.
                #expect(try values(in: table) == [])
                return "done"
            }
            #expect(result == "done")
            #expect(try values(in: table) == [1, 2])
        }
    }

    @Test func rollsBackWhenTheBodyThrows() throws {
        try withTable { connection, table throws in
            #expect(throws: Abort()) {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO \(table) VALUES (1)")
                    throw Abort()
                }
            }
            #expect(try values(in: table) == [])
            #expect(try connection.query("SELECT 1 AS one").count == 1)
        }
    }

    @Test func rollsBackWhenAStatementFails() throws {
        try withTable { connection, table throws in
            #expect {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO \(table) VALUES (1)")
                    try connection.execute("INSERT INTO \(table) VALUES (NULL)")
                }
            } throws: { error in
                (error as? PostgresError)?.sqlState == "23502"
            }
            #expect(try values(in: table) == [])
            try connection.execute("INSERT INTO \(table) VALUES (3)")
            #expect(try values(in: table) == [3])
        }
    }

    @Test func aNestedTransactionRollsBackAloneToItsSavepoint() throws {
        try withTable { connection, table throws in
            try connection.transaction { connection in
                try connection.execute("INSERT INTO \(table) VALUES (1)")
                #expect(throws: Abort()) {
                    try connection.transaction { connection in
                        try connection.execute("INSERT INTO \(table) VALUES (2)")
                        throw Abort()
                    }
                }
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO \(table) VALUES (3)")
                }
            }
            #expect(try values(in: table) == [1, 3])
        }
    }

    @Test func aSwallowedStatementErrorMakesTheCommitThrow() throws {
        try withTable { connection, table throws in
            #expect {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO \(table) VALUES (1)")
                    _ = try? connection.execute("INSERT INTO \(table) VALUES (NULL)")
                }
            } throws: { error in
                (error as? PostgresError)?.message.contains("rolled back") == true
            }
            #expect(try values(in: table) == [])
        }
    }
}
