import CLibPQ

/// libpq's asynchronous calls, for a statement that waits on an event loop instead of
/// blocking a thread (`LoopStatement` drives them). A statement goes through at most two
/// steps, each sent and then answered: preparing it (first use on this connection), and
/// executing it.
extension PostgresConnection {
    /// One request to the server and its answer.
    enum NonBlockingStep: Equatable {
        /// Prepare the statement under this name.
        case prepare(name: String)
        /// Execute it by name, or unprepared (nil) when the cache is off or full.
        case execute(name: String?)
    }

    /// What reading brought.
    enum NonBlockingRead {
        /// The answer is not complete yet: wait for the socket to be readable again.
        case busy
        /// One result of the step (there may be more).
        case result(PostgresResult)
        /// The step is answered completely.
        case done
    }

    /// The socket to watch; -1 when closed.
    var socketDescriptor: Int32 {
        handle.map { PQsocket($0) } ?? -1
    }

    /// The first step for `key`: execute it if prepared already, else prepare it if the
    /// cache has room (the name is reserved now, remembered once the server accepts it).
    func firstStep(for key: PreparedStatements.Key) -> NonBlockingStep {
        if let name = prepared.name(for: key) { return .execute(name: name) }
        if let fresh = prepared.nextName() { return .prepare(name: fresh) }
        return .execute(name: nil)
    }

    /// Queues `step` in libpq and writes what the socket takes, without waiting; the rest
    /// goes out with `flushOutput`.
    func send(_ step: NonBlockingStep, _ key: PreparedStatements.Key, _ buffer: ParameterBuffer) throws {
        let handle = try openHandle()
        guard PQsetnonblocking(handle, 1) == 0 else { throw failure(nil) }
        let queued: Int32
        switch step {
        case .prepare(let name):
            queued = PQsendPrepare(handle, name, key.sql, buffer.count, buffer.types)
        case .execute(let name?):
            queued = buffer.withValuePointers { values in
                PQsendQueryPrepared(handle, name, buffer.count, values, buffer.lengths, buffer.formats, 0)
            }
        case .execute(nil):
            queued = buffer.withValuePointers { values in
                PQsendQueryParams(
                    handle, key.sql, buffer.count, buffer.types, values, buffer.lengths, buffer.formats, 0)
            }
        }
        guard queued == 1 else { throw failure(nil) }
    }

    /// Writes what libpq still holds; true once everything is sent.
    func flushOutput() throws -> Bool {
        let handle = try openHandle()
        switch PQflush(handle) {
        case 0: return true
        case 1: return false
        default: throw failure(nil)
        }
    }

    /// Reads what the socket holds into libpq's buffer; throws when the connection broke.
    func consumeInput() throws {
        let handle = try openHandle()
        guard PQconsumeInput(handle) == 1 else { throw failure(nil) }
    }

    /// The next piece of the answer from what was read so far.
    func nextResult() throws -> NonBlockingRead {
        let handle = try openHandle()
        guard PQisBusy(handle) == 0 else { return .busy }
        guard let result = PQgetResult(handle) else { return .done }
        return .result(PostgresResult(result))
    }

    /// Back to blocking mode, for the next caller's blocking calls.
    func endNonBlocking() {
        if let handle { _ = PQsetnonblocking(handle, 0) }
    }
}
