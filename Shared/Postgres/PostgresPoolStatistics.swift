/// A snapshot of a pool's counts, for metrics and readiness reports.
public struct PostgresPoolStatistics: Sendable, Equatable {
    /// Connections open or being opened.
    public var open: Int
    /// Open connections nobody is using.
    public var idle: Int
    /// Callers waiting for a connection.
    public var waiting: Int
    /// The pool's size limit.
    public var capacity: Int
    /// Statements that waited on an event loop rather than on a connection's queue (see
    /// `PostgresPool.query`), since the pool was made.
    public var statementsOnLoops: Int
}
