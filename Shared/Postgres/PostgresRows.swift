/// The outcome of one statement: its rows (none for most commands) and its command tag.
public struct PostgresRows: Sendable, RandomAccessCollection {
    /// The result's columns, shared by all rows.
    let layout: ColumnLayout
    /// The rows' values.
    let rows: [[String?]]
    /// The command tag, e.g. `SELECT 2`, `INSERT 0 1`, `COMMIT`.
    public let commandTag: String
    /// Rows inserted, updated, deleted, selected… (libpq's `PQcmdTuples`); 0 when the
    /// command does not count rows.
    public let affectedRowCount: Int

    /// The result's columns, in order.
    public var columns: [PostgresColumn] { layout.columns }

    /// The first row's position: 0.
    public var startIndex: Int { 0 }

    /// One past the last row's position.
    public var endIndex: Int { rows.count }

    /// The row at `position`.
    public subscript(position: Int) -> PostgresRow {
        PostgresRow(layout: layout, values: rows[position])
    }
}
