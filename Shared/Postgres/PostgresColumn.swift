/// One column of a result: its name and type.
public struct PostgresColumn: Sendable, Hashable {
    /// The column's name as the server reports it (`id`, or the `AS` alias).
    public var name: String
    /// The column's type.
    public var type: PostgresDataType

    /// Makes a column description.
    public init(name: String, type: PostgresDataType) {
        self.name = name
        self.type = type
    }
}

/// The columns of one result, shared by all its rows, with a name index built once.
final class ColumnLayout: Sendable {
    /// The columns, in result order.
    let columns: [PostgresColumn]
    /// Column name to position; with duplicate names the first column wins.
    let indexByName: [String: Int]

    /// Indexes `columns` by name.
    init(_ columns: [PostgresColumn]) {
        self.columns = columns
        var index: [String: Int] = [:]
        for (position, column) in columns.enumerated() where index[column.name] == nil {
            index[column.name] = position
        }
        indexByName = index
    }
}
