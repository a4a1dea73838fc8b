import Foundation

/// One schema migration: a file `NNNN_name.sql` of SQL statements.
public struct Migration: Sendable, Equatable {
    /// The number before the first `_`; migrations apply in ascending order.
    public var version: Int
    /// The part between the number and `.sql` (`core` for `0001_core.sql`).
    public var name: String
    /// The file's name, for messages.
    public var fileName: String
    /// The file's SQL.
    public var sql: String

    /// Makes a migration from its parts.
    public init(version: Int, name: String, fileName: String, sql: String) {
        self.version = version
        self.name = name
        self.fileName = fileName
        self.sql = sql
    }

    /// Reads the migration `fileName` in `directory`, or nil if that name is not
    /// `digits_name.sql` (name: letters, digits, `_`, `-`).
    static func load(fileName: String, in directory: URL) throws -> Migration? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(".sql".count)
        guard let underscore = stem.firstIndex(of: "_"),
            stem[..<underscore].allSatisfy({ ("0"..."9").contains($0) }),
            let version = Int(stem[..<underscore])
        else { return nil }
        let name = String(stem[stem.index(after: underscore)...])
        guard !name.isEmpty,
            name.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
            })
        else { return nil }
        let url = directory.appendingPathComponent(fileName)
        let sql: String
        do {
            sql = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw PostgresError(.migration, "migration \(fileName) cannot be read: \(error.localizedDescription)")
        }
        return Migration(version: version, name: name, fileName: fileName, sql: sql)
    }
}
