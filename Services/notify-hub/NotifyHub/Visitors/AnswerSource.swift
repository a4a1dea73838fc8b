import Domain

/// Where a web visitor's message in bot mode gets its answer: ingest-api's
/// `POST /api/ingest` in production (`IngestAnswerSource`), a stand-in in tests.
public protocol AnswerSource: Sendable {
    /// Stores the message and answers it (an automatic answer or a ticket). While the answer
    /// is produced piecewise (a streamed LLM answer), `onPiece` gets the whole text so far
    /// after each piece, before this returns; a source that does not stream never calls it.
    func answer(_ request: IngestRequest, onPiece: @escaping @Sendable (String) -> Void) async throws(DeskError)
        -> IngestResponse
}

/// Where a web visitor's message goes while an operator has the chat: stored through
/// ingest-api's `POST /api/chats/{chat_id}/messages`, which publishes it as a `message`
/// event for the operators (dashboards and operator-relay).
public protocol VisitorMessageStore: Sendable {
    /// Adds the visitor's message to the chat's history.
    func store(visitorMessage text: String, chatID: String, user: ChatUser) async throws(DeskError)
}

/// Why the desk could not take a visitor's message.
public enum DeskError: Error, Sendable, Equatable, CustomStringConvertible {
    /// ingest-api cannot be reached, timed out or answered 503: the visitor may retry.
    case unreachable(String)
    /// ingest-api answered, but with an error or something that is not the contract's shape.
    case badAnswer(String)

    /// One line for logs.
    public var description: String {
        switch self {
        case .unreachable(let reason): "desk unreachable: \(reason)"
        case .badAnswer(let reason): "unexpected answer from the desk: \(reason)"
        }
    }
}
