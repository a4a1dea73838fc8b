/// The statements one connection has prepared on its server, by SQL text and parameter types.
///
/// `PQexecParams` makes the server parse, analyse and plan a statement on every call; for
/// the services' statements (CTEs, function calls) that costs more than running them
/// (bench: the FAQ lookup ran 2× faster prepared). A connection therefore prepares each
/// distinct statement once, on first use, and afterwards only sends its name and values.
///
/// The key includes the parameter type OIDs because a statement is prepared with them: the
/// same SQL called once with a NULL (type left to the server) and once with a bigint is two
/// statements. The cache is bounded; once full, further statements run unprepared, so SQL
/// built from varying text cannot grow the server's memory without limit.
struct PreparedStatements {
    /// A statement as prepared: its text and its parameter types.
    struct Key: Hashable {
        /// The SQL text.
        var sql: String
        /// The type OID of each parameter (0: inferred by the server).
        var types: [UInt32]
    }

    /// The most statements kept prepared on one connection.
    let capacity: Int
    /// Server-side names by statement.
    private var names: [Key: String] = [:]
    /// Numbers the names; never reused, so a forgotten statement's name cannot collide.
    private var counter = 0

    /// The cache prepares nothing when `capacity` is 0.
    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// The server-side name of a statement prepared before, if any.
    func name(for key: Key) -> String? {
        names[key]
    }

    /// A fresh name for `key` if there is room for one more statement; nil when full.
    /// The caller prepares it and then calls `remember`.
    mutating func nextName() -> String? {
        guard names.count < capacity else { return nil }
        counter += 1
        return "sb\(counter)"
    }

    /// Records that `key` is prepared as `name`.
    mutating func remember(_ key: Key, as name: String) {
        names[key] = name
    }

    /// Forgets `key`, e.g. after the server said its cached plan no longer fits the table.
    mutating func forget(_ key: Key) {
        names[key] = nil
    }
}
