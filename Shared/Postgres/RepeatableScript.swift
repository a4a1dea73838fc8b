import Foundation

/// A definitions file re-applied whenever it changes: the `functions/` folder beside the
/// numbered migrations. Each SQL function is defined once, in such a file, with
/// `CREATE OR REPLACE` (or a `DROP FUNCTION IF EXISTS` first when its signature changes);
/// numbered migrations keep tables and data. So a function's current body is one place in
/// the tree, not the newest of several migrations that each carry a copy.
public struct RepeatableScript: Sendable, Equatable {
    /// The file's name without `.sql`, its key in the bookkeeping table.
    public var name: String
    /// The file's SQL.
    public var sql: String

    /// A 64-bit FNV-1a hash of the SQL, in hex: a changed file has another checksum, so it
    /// is applied again. (A change detector, not a security measure.)
    public var checksum: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sql.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    /// Makes a script from its parts.
    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }

    /// The `.sql` files of `directory` in name order; none when it does not exist.
    static func load(from directory: URL) throws -> [RepeatableScript] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        let fileNames: [String]
        do {
            fileNames = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw PostgresError(.migration, "\(directory.path) cannot be read: \(error.localizedDescription)")
        }
        return try fileNames.filter { $0.hasSuffix(".sql") }.sorted().map { fileName in
            do {
                let sql = try String(contentsOf: directory.appendingPathComponent(fileName), encoding: .utf8)
                return RepeatableScript(name: String(fileName.dropLast(".sql".count)), sql: sql)
            } catch {
                throw PostgresError(.migration, "\(fileName) cannot be read: \(error.localizedDescription)")
            }
        }
    }
}
