import Foundation

/// Everything the Postgres module throws: what went wrong, in words, plus what the server said.
///
/// `kind` is what callers branch on: a `.connectionFailure` means PostgreSQL could not be
/// reached or the connection broke (an HTTP service answers 503), while `.server` means the
/// server ran the statement and rejected it (`sqlState` says why, e.g. `23505` for a
/// unique violation).
public struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of failure.
    public enum Kind: Sendable, Hashable {
        /// A connection URL or setting that cannot work (bad syntax, bad port, unknown option).
        case invalidConfiguration
        /// PostgreSQL could not be reached, refused the login, or the connection broke.
        case connectionFailure
        /// The server rejected a statement; `sqlState` holds the SQLSTATE code.
        case server
        /// A parameter or statement that cannot be sent (for example a NUL character in text).
        case invalidParameter
        /// A result value that does not fit the Swift type asked for, or a NULL where none may be.
        case decoding
        /// No pooled connection became free within the pool's acquire time-out.
        case poolTimeout
        /// The pool was closed.
        case poolClosed
        /// The server did not answer within the pool's call deadline. The statement may still
        /// run (and commit) later; its connection is closed once it returns.
        case deadlineExceeded
        /// A migration file could not be read or applied; the message names the file.
        case migration
    }

    /// The broad class of failure.
    public var kind: Kind
    /// One line saying what happened (the server's primary message for `.server` errors).
    public var message: String
    /// The five-character SQLSTATE code the server sent, if any.
    public var sqlState: String?
    /// The server's DETAIL line, if any (e.g. `Key (id)=(1) already exists.`).
    public var detail: String?
    /// The server's HINT line, if any.
    public var hint: String?

    /// Makes an error; the server fields are optional because most kinds have none.
    public init(
        _ kind: Kind, _ message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
    }

    /// `message (SQLSTATE 23505): detail; hint` – one line, suitable for a log field.
    public var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail { text += ": " + detail }
        if let hint { text += "; hint: " + hint }
        return text
    }
}

extension PostgresError {
    /// Collapses libpq's multi-line, tab-indented messages into one trimmed line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\t" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
