/// Why the relay could not handle something now; the item stays pending and is tried again.
enum RelayError: Error, CustomStringConvertible {
    /// A user chat's forum topic did not come within `topicWait`.
    case topicUnavailable(String)
    /// ingest-api could not be reached (or timed out).
    case ingestUnavailable(String)
    /// Redis answered something the relay's scripts never return.
    case unexpected(String)

    /// One line for logs.
    var description: String {
        switch self {
        case .topicUnavailable(let chat): "the forum topic of \(chat) was not created in time"
        case .ingestUnavailable(let reason): "ingest-api unavailable: \(reason)"
        case .unexpected(let reason): reason
        }
    }
}
