/// What the stores fail or refuse with, in their own terms: whether PostgreSQL or Redis
/// answered, and which rule of the data a change broke. The HTTP layer (`APIErrors`) gives
/// each its status and error code; the description is what the caller (and `/readyz`) reads,
/// so it never carries a server's address or user (those go to the log).
enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The migrations have not been applied yet (PostgreSQL was down at start).
    case schemaNotReady
    /// PostgreSQL cannot be reached (refused, pool exhausted or closed).
    case databaseUnavailable
    /// PostgreSQL did not answer within the call deadline.
    case databaseTimedOut(Duration)
    /// A Redis call failed; `reason` is the client's description of it.
    case redisUnavailable(reason: String)
    /// The chat already has a ticket that is not closed (one per chat).
    case chatHasOpenTicket
    /// A request with the same idempotency key is still being answered.
    case requestInProgress
    /// The idempotency key came before with another request.
    case requestKeyReused

    /// Whether trying again later may work: the store's server was not there.
    var isUnavailable: Bool {
        switch self {
        case .schemaNotReady, .databaseUnavailable, .databaseTimedOut, .redisUnavailable: true
        case .chatHasOpenTicket, .requestInProgress, .requestKeyReused: false
        }
    }

    var description: String {
        switch self {
        case .schemaNotReady: "database not ready: migrations have not been applied yet"
        case .databaseUnavailable: "the database is unavailable; try again shortly"
        case .databaseTimedOut(let deadline): "database did not answer within \(deadline.components.seconds) s"
        case .redisUnavailable(let reason): "Redis unavailable: \(reason)"
        case .chatHasOpenTicket: "the chat already has a ticket that is not closed; close it first"
        case .requestInProgress:
            "a request with this Idempotency-Key is still being handled; retry in a few seconds"
        case .requestKeyReused: "this Idempotency-Key was already used with another request; use a new key"
        }
    }
}
