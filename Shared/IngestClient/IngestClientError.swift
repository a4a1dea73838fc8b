/// Why a call to ingest-api failed, in the three kinds callers treat differently (CONTRACT
/// §4: "Connection error" when it is down, "Processing error" for a bad answer, a retry
/// after a time-out).
public enum IngestClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection (refused, reset, DNS) or a 503 (ingest-api up, its database down).
    case unreachable(String)
    /// No answer within the time-out.
    case timedOut
    /// ingest-api answered with an error: its status and the contract's error code and message.
    case refused(status: Int, code: String, message: String)
    /// An answer that is not what the contract says (not JSON, missing fields).
    case badResponse(status: Int, String)

    /// One line for logs.
    public var description: String {
        switch self {
        case .unreachable(let reason): "ingest-api unreachable: \(reason)"
        case .timedOut: "ingest-api did not answer in time"
        case .refused(let status, let code, let message): "ingest-api refused (\(status) \(code)): \(message)"
        case .badResponse(let status, let reason): "unexpected answer from ingest-api (HTTP \(status)): \(reason)"
        }
    }
}
