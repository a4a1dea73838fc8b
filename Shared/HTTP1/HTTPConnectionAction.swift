/// What the I/O layer must do after ``HTTPConnectionStateMachine`` handled an event, in order.
public enum HTTPConnectionAction: Sendable {
    /// Queue these bytes for the socket, behind anything queued before them; then report
    /// what was written with ``HTTPConnectionStateMachine/wrote(_:into:)``.
    case write([UInt8])
    /// A complete request to answer: route it and hand the answer back with
    /// ``HTTPConnectionStateMachine/respond(_:to:into:)`` (at once or later, from a task),
    /// or ``HTTPConnectionStateMachine/upgrade(_:into:)`` for a WebSocket hand-off.
    /// No other request is handed out before this one is answered.
    case handle(HTTPRequest, id: UInt64)
    /// The head of a streamed response is queued: run `streamer`, passing each piece to
    /// ``HTTPConnectionStateMachine/streamWrite(_:for:into:)`` and its end to
    /// ``HTTPConnectionStateMachine/streamFinished(_:into:)`` or
    /// ``HTTPConnectionStateMachine/streamFailed(_:into:)``.
    case startStream(BodyStreamer, id: UInt64)
    /// An exchange got its answer (or the head of a streamed one): for metrics and logs.
    case completed(HTTPExchangeRecord)
    /// Close the socket now; pending output is dropped (it is empty unless the peer stopped
    /// reading or a stream broke off). No further actions follow.
    case close
}

/// One answered exchange, as the metrics see it (the I/O layer knows the request's method
/// and route from its id).
public struct HTTPExchangeRecord: Sendable, Equatable {
    /// The request's id from ``HTTPConnectionAction/handle(_:id:)``; nil when the request
    /// never got that far (unparsable, or not received in time).
    public let requestID: UInt64?
    public let status: HTTPStatus
    /// Nanoseconds from the complete request to its answer being queued.
    public let duration: UInt64
}

/// The outcome of offering a piece of a streamed body.
public enum HTTPStreamWriteResult: Sendable, Equatable {
    /// Queued (or empty and ignored).
    case accepted
    /// The stream is over for this request (closed, timed out, or another request's): stop.
    case gone
    /// The client reads slower than the stream produces: stop rather than buffer.
    case backedUp
}
