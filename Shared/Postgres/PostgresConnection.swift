import CLibPQ
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// One blocking connection to PostgreSQL, owning its libpq handle (`PGconn *`).
///
/// Every call blocks the calling thread until the server answers, so use it from a thread
/// that may block: services go through `PostgresPool`, which runs each connection on its
/// own dispatch queue. Not `Sendable`: libpq allows one thread at a time per connection.
///
/// Values always travel apart from the SQL text. Each distinct statement is prepared on the
/// server on first use and executed by name afterwards (`PreparedStatements`; off when the
/// configuration's capacity is 0, e.g. behind a transaction-mode pooler). Results are copied
/// into Swift values and freed before a call returns. The session runs in UTC.
public final class PostgresConnection {
    /// The libpq handle; nil once closed. Finished in `deinit` on every path, including a
    /// connection attempt that failed. Internal for the non-blocking calls (`+NonBlocking`).
    private(set) var handle: OpaquePointer?
    /// The settings this connection was opened with.
    public let configuration: PostgresConfiguration
    /// Receives server notices; lives as long as `handle`, which points at it unretained.
    private let notices: NoticeLogger
    /// Where this connection logs.
    let logger: Logger
    /// How many statements got an answer from the server (success or server error). The
    /// pool compares it before and after a call to know whether anything reached the server.
    private(set) var answeredStatementCount = 0
    /// How deep `transaction` calls are nested; names the savepoints.
    var savepointDepth = 0
    /// The statements prepared on this connection's server session.
    var prepared: PreparedStatements

    /// Connects, blocking for at most the configured connect time-out.
    ///
    /// Throws a `.connectionFailure` error, "PostgreSQL unreachable at host:port: …", when
    /// the server cannot be reached or refuses the login.
    public init(configuration: PostgresConfiguration, logger: Logger = Logger(label: "postgres")) throws {
        self.configuration = configuration
        self.logger = logger
        notices = NoticeLogger(logger: logger)
        prepared = PreparedStatements(capacity: configuration.preparedStatementCapacity)
        handle = Self.connect(configuration.connectionParameters)
        // Every stored property is set, so from here a throw still runs `deinit`, which
        // finishes the handle of a failed attempt (libpq allocates one even then).
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            let reason = handle.map { PostgresError.oneLine(String(cString: PQerrorMessage($0))) } ?? "out of memory"
            throw PostgresError(
                .connectionFailure, "PostgreSQL unreachable at \(configuration.url.endpoint): \(reason)")
        }
        notices.install(on: handle)
        logger.debug("postgres: connected", ["server": .string(configuration.url.endpoint)])
    }

    /// Parses `url` and connects with the default settings.
    public convenience init(url: String, logger: Logger = Logger(label: "postgres")) throws {
        try self.init(configuration: PostgresConfiguration(url: url), logger: logger)
    }

    /// Finishes the handle: of an open connection, and of a connection attempt that failed.
    deinit {
        close()
    }

    /// True while the connection is usable; false after `close()` or once it broke.
    public var isOpen: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// The server process serving this connection (`pg_backend_pid()`); 0 when closed.
    public var backendProcessID: Int32 {
        handle.map { PQbackendPID($0) } ?? 0
    }

    /// Runs one statement and returns its rows.
    ///
    /// `parameters` fill `$1`, `$2`, … in order. Only one statement per call: several
    /// separated by `;` are refused by the server (SQLSTATE `42601`).
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws -> PostgresRows {
        let (key, buffer) = try Self.statement(sql, parameters)
        do {
            return try run(key, buffer)
        } catch let error as PostgresError where error.sqlState == Self.cachedPlanChanged && prepared.name(for: key) != nil {
            // A migration changed a table under a prepared statement ("cached plan must not
            // change result type"). Forget it; outside a transaction the statement can simply
            // run again, prepared anew. Inside one, the transaction is aborted: the caller
            // sees the error and the next attempt prepares afresh.
            prepared.forget(key)
            guard transactionState == .idle else { throw error }
            return try run(key, buffer)
        }
    }

    /// SQLSTATE of "cached plan must not change result type".
    static let cachedPlanChanged = "0A000"

    /// Runs a statement by name, preparing it first if needed, or unprepared when the cache
    /// is off or full.
    private func run(_ key: PreparedStatements.Key, _ buffer: ParameterBuffer) throws -> PostgresRows {
        let handle = try openHandle()
        var name = prepared.name(for: key)
        if name == nil, let fresh = prepared.nextName() {
            let result = PQprepare(handle, fresh, key.sql, buffer.count, buffer.types)
            defer { PQclear(result) }
            _ = try rows(from: result)
            prepared.remember(key, as: fresh)
            name = fresh
        }
        let result = buffer.withValuePointers { values in
            if let name {
                PQexecPrepared(handle, name, buffer.count, values, buffer.lengths, buffer.formats, 0)
            } else {
                PQexecParams(handle, key.sql, buffer.count, buffer.types, values, buffer.lengths, buffer.formats, 0)
            }
        }
        defer { PQclear(result) }
        return try rows(from: result)
    }

    /// Runs one statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws -> Int {
        try query(sql, parameters).affectedRowCount
    }

    /// Runs a script of several statements without parameters (`PQexec`), stopping at the
    /// first error. Meant for our own shipped SQL such as migrations, never for text that
    /// came from outside.
    public func executeScript(_ sql: String) throws {
        try Self.checkHasNoNUL(sql)
        let handle = try openHandle()
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        _ = try rows(from: result)
    }

    /// Closes the connection; later calls throw `.connectionFailure`. Idempotent.
    public func close() {
        guard let handle else { return }
        self.handle = nil
        PQfinish(handle)
    }

    /// The server's transaction state as of the last answer.
    var transactionState: TransactionState {
        guard let handle else { return .unknown }
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .failedTransaction
        default: return .unknown
        }
    }

    /// Whether a connection is inside a transaction block.
    enum TransactionState {
        /// Not in a transaction.
        case idle
        /// Inside `BEGIN` … with no error so far.
        case inTransaction
        /// Inside a transaction that failed; only a rollback helps.
        case failedTransaction
        /// Closed, broken, or a command is still running.
        case unknown
    }

    /// Checks, without waiting, that a connection left idle has not been closed by the
    /// server meanwhile. A restart or `pg_terminate_backend` makes the socket readable: a
    /// FATAL message (which libpq, idle, treats as a notice), then end of file. False means
    /// the connection is unusable.
    func isAliveAfterIdling() -> Bool {
        guard let handle else { return false }
        // A few rounds: the FATAL message and the end of file may be read separately.
        for _ in 0..<4 {
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            // Nothing (more) to read: alive as far as anyone can tell without a round trip.
            guard poll(&descriptor, 1, 0) > 0 else { break }
            // libpq keeps its socket non-blocking, so this reads what is there and returns;
            // it fails once it reads the end of file.
            guard PQconsumeInput(handle) == 1 else { return false }
            // Parses what arrived: notices go to the receiver, notifications are dropped.
            _ = PQisBusy(handle)
            while let notification = PQnotifies(handle) { PQfreemem(notification) }
        }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// The handle, or a `.connectionFailure` error if the connection is closed or broken.
    func openHandle() throws -> OpaquePointer {
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError(
                .connectionFailure,
                "PostgreSQL connection to \(configuration.url.endpoint) is closed; a new connection is needed")
        }
        return handle
    }

    /// Copies a result into Swift values, or turns it into the right error. The caller
    /// still owns `result` and clears it.
    func rows(from result: OpaquePointer?) throws -> PostgresRows {
        guard let result else { throw failure(nil) }
        let status = PQresultStatus(result)
        switch status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            answeredStatementCount += 1
            return Self.copy(result)
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            throw failure(result)
        default:
            // COPY or pipeline mode: the connection is now mid-protocol and cannot be
            // brought back cheaply, so it is given up.
            close()
            throw PostgresError(
                .invalidParameter,
                "unsupported statement result \(String(cString: PQresStatus(status))) (COPY is not supported)")
        }
    }

    /// The error for a failed statement: `.connectionFailure` if the connection broke
    /// (including the FATAL a server sends when it shuts down), `.server` otherwise.
    func failure(_ result: OpaquePointer?) -> PostgresError {
        func field(_ code: Unicode.Scalar) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code.value)) else { return nil }
            return String(cString: value)
        }
        let whole = result.map { String(cString: PQresultErrorMessage($0)) } ?? ""
        let fallback = handle.map { String(cString: PQerrorMessage($0)) } ?? "connection closed"
        let message = field("M") ?? PostgresError.oneLine(whole.isEmpty ? fallback : whole)
        let sqlState = field("C")
        if !isOpen {
            return PostgresError(
                .connectionFailure, "PostgreSQL connection to \(configuration.url.endpoint) lost: \(message)",
                sqlState: sqlState)
        }
        answeredStatementCount += 1
        return PostgresError(.server, message, sqlState: sqlState, detail: field("D"), hint: field("H"))
    }

    /// Copies every column description and value out of `result`.
    private static func copy(_ result: OpaquePointer) -> PostgresRows {
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        let columns = (0..<columnCount).map { column in
            PostgresColumn(
                name: String(cString: PQfname(result, column)), type: PostgresDataType(oid: PQftype(result, column)))
        }
        var rows: [[String?]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            rows.append(
                (0..<columnCount).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                })
        }
        return PostgresRows(
            layout: ColumnLayout(columns), rows: rows, commandTag: String(cString: PQcmdStatus(result)),
            affectedRowCount: Int(String(cString: PQcmdTuples(result))) ?? 0)
    }

    /// Opens a handle with keyword/value pairs; the C strings live only during the call.
    private static func connect(_ parameters: [(keyword: String, value: String)]) -> OpaquePointer? {
        var storage: [CChar] = []
        var offsets: [Int] = []
        for text in parameters.map(\.keyword) + parameters.map(\.value) {
            offsets.append(storage.count)
            storage.append(contentsOf: text.utf8.map { CChar(bitPattern: $0) })
            storage.append(0)
        }
        return storage.withUnsafeBufferPointer { buffer in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { buffer.baseAddress! + $0 }
            let keywords = Array(pointers[..<parameters.count]) + [nil]
            let values = Array(pointers[parameters.count...]) + [nil]
            // expand_dbname 0: the database name is only a name, never parsed as a
            // connection string of its own.
            return PQconnectdbParams(keywords, values, 0)
        }
    }

    /// `sql` and `parameters` as libpq takes them, keyed for the prepared-statement cache;
    /// refuses what libpq would silently cut short (NUL characters). Shared by the blocking
    /// `query` and `LoopStatement`.
    static func statement(_ sql: String, _ parameters: [PostgresValue]) throws
        -> (PreparedStatements.Key, ParameterBuffer)
    {
        try checkHasNoNUL(sql)
        let buffer = try ParameterBuffer(parameters)
        return (PreparedStatements.Key(sql: sql, types: buffer.types), buffer)
    }

    /// Refuses SQL with a NUL character, which libpq would silently cut short.
    private static func checkHasNoNUL(_ sql: String) throws {
        guard !sql.utf8.contains(0) else {
            throw PostgresError(.invalidParameter, "the SQL text contains a NUL character")
        }
    }
}

/// Not `Sendable`: a libpq connection may be used by one thread at a time. The pool wraps
/// each in a `PooledConnection` confined to its own serial queue.
@available(*, unavailable)
extension PostgresConnection: Sendable {}
