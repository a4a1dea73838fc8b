/// One row of a result, its values already copied out of libpq.
///
/// Read values by column name or position, as non-optional (`decode`) or optional
/// (`optional`) Swift values:
/// ```swift
/// let id = try row.decode(Int.self, "id")
/// let assignee = try row.optional(String.self, "assignee")
/// ```
/// A missing column, a NULL in `decode`, or a column type the Swift type does not read
/// throws a `.decoding` error that names the column.
public struct PostgresRow: Sendable {
    /// The result's columns.
    let layout: ColumnLayout
    /// The values in text form, nil for NULL.
    let values: [String?]

    /// The result's columns, in order.
    public var columns: [PostgresColumn] { layout.columns }

    /// The value of column `name`; throws if it is NULL.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, _ name: String) throws -> Value {
        try decode(type, at: position(of: name))
    }

    /// The value of the column at `index` (from 0); throws if it is NULL.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, at index: Int) throws -> Value {
        guard let value = try optional(type, at: index) else {
            throw PostgresError(
                .decoding,
                "column \(label(index)) is NULL; read it with optional(\(Value.self).self, …) if NULL is expected")
        }
        return value
    }

    /// The value of column `name`, nil if it is NULL.
    public func optional<Value: PostgresDecodable>(_ type: Value.Type, _ name: String) throws -> Value? {
        try optional(type, at: position(of: name))
    }

    /// The value of the column at `index` (from 0), nil if it is NULL.
    public func optional<Value: PostgresDecodable>(_ type: Value.Type, at index: Int) throws -> Value? {
        try checkBounds(index)
        guard let text = values[index] else { return nil }
        let column = layout.columns[index]
        guard let value = Value.decode(postgresText: text, type: column.type) else {
            // The value itself stays out of the message: it may be user data headed for a log.
            throw PostgresError(
                .decoding, "column \(label(index)) of type \(column.type) cannot be read as \(Value.self)")
        }
        return value
    }

    /// True if column `name` is NULL.
    public func isNull(_ name: String) throws -> Bool {
        values[try position(of: name)] == nil
    }

    /// The position of column `name`.
    private func position(of name: String) throws -> Int {
        guard let index = layout.indexByName[name] else {
            let names = layout.columns.map(\.name).joined(separator: ", ")
            throw PostgresError(.decoding, "no column \"\(name)\" in the result (columns: \(names))")
        }
        return index
    }

    /// Throws unless `index` names a column.
    private func checkBounds(_ index: Int) throws {
        guard values.indices.contains(index) else {
            throw PostgresError(.decoding, "no column at index \(index) (the result has \(values.count))")
        }
    }

    /// `"name"` (index) for messages.
    private func label(_ index: Int) -> String {
        "\"\(layout.columns[index].name)\" (index \(index))"
    }
}
