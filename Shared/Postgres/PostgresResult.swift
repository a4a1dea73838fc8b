import CLibPQ

/// A `PGresult` owned by Swift: cleared when the last reference goes.
final class PostgresResult {
    /// The libpq result; valid as long as this object lives.
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        PQclear(pointer)
    }

    /// True for an error result (the server refused the step).
    var isError: Bool {
        let status = PQresultStatus(pointer)
        return status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR || status == PGRES_BAD_RESPONSE
    }
}
