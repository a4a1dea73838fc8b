extension PostgresConnection {
    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    ///
    /// Called inside another transaction it uses a savepoint, so the inner part can fail
    /// and roll back alone. If `body` swallows a statement's error, the transaction is
    /// already failed: the commit then throws instead of pretending to succeed.
    @discardableResult
    public func transaction<Value>(_ body: (PostgresConnection) throws -> Value) throws -> Value {
        let savepoint: String?
        switch transactionState {
        case .idle:
            savepoint = nil
            try execute("BEGIN")
        case .inTransaction:
            savepointDepth += 1
            savepoint = "switchboard_savepoint_\(savepointDepth)"
        case .failedTransaction:
            throw PostgresError(
                .server, "the enclosing transaction has already failed; roll it back first", sqlState: "25P02")
        case .unknown:
            throw PostgresError(.connectionFailure, "PostgreSQL connection is closed; a new connection is needed")
        }
        defer { if savepoint != nil { savepointDepth -= 1 } }
        if let savepoint { try execute("SAVEPOINT " + savepoint) }

        let value: Value
        do {
            value = try body(self)
            if let savepoint { try execute("RELEASE SAVEPOINT " + savepoint) }
        } catch {
            rollBack(to: savepoint)
            throw error
        }
        if savepoint == nil {
            // COMMIT of a failed transaction "succeeds" with the tag ROLLBACK.
            guard try query("COMMIT").commandTag != "ROLLBACK" else {
                throw PostgresError(
                    .server, "the transaction was rolled back at COMMIT because a statement in it had failed")
            }
        }
        return value
    }

    /// Undoes a failed transaction or savepoint. Errors are ignored: if even this fails the
    /// connection is broken, and the server rolls back on its own when it notices.
    private func rollBack(to savepoint: String?) {
        guard isOpen else { return }
        if let savepoint {
            _ = try? execute("ROLLBACK TO SAVEPOINT " + savepoint)
            _ = try? execute("RELEASE SAVEPOINT " + savepoint)
        } else {
            _ = try? execute("ROLLBACK")
        }
    }
}
