import DeskProtocol
import HTTPServer
import Synchronization

/// Which dialect a visitor socket speaks.
enum VisitorDialect: Sendable, Equatable {
    /// `/contact`, the original contact-service dialect.
    case contact
    /// `/api/v1/pipelines/{p}/ws/connect`, the web IM dialect.
    case pipeline(PipelineAddress)

    /// The pipeline address of an IM socket.
    var address: PipelineAddress? {
        if case .pipeline(let address) = self { address } else { nil }
    }
}

/// One open visitor socket as the registry, the stats and the fan-out see it. Immutable
/// but for the time it was last heard from.
final class VisitorEntry: Sendable {
    /// The socket's id in its dialect: the client id (contact) or the connection id (IM).
    let connectionID: String
    /// The desk chat it belongs to: "web-" + `connectionID` (CONTRACT §3).
    let chatID: String
    /// Which dialect, and for IM its pipeline and session type.
    let dialect: VisitorDialect
    /// Where frames for this visitor go.
    let socket: ServerWebSocket
    /// Unix seconds.
    let createdAt: Int
    /// Written on the socket's loop, read by the reporter.
    private let lastActiveSeconds: Atomic<Int>
    /// Shows an operator reply in the socket's dialect; any thread.
    let deliverReply: @Sendable (VisitorReply) -> Void

    /// The entry of a socket just opened.
    init(
        connectionID: String, dialect: VisitorDialect, socket: ServerWebSocket,
        deliverReply: @escaping @Sendable (VisitorReply) -> Void
    ) {
        self.connectionID = connectionID
        chatID = "web-" + connectionID
        self.dialect = dialect
        self.socket = socket
        let now = VisitorTimestamp.unixSeconds()
        createdAt = now
        lastActiveSeconds = Atomic(now)
        self.deliverReply = deliverReply
    }

    /// Unix seconds of the last message from the visitor (or of the connect).
    var lastActive: Int { lastActiveSeconds.load(ordering: .relaxed) }

    /// Records that the visitor was just heard from.
    func touch() {
        lastActiveSeconds.store(VisitorTimestamp.unixSeconds(), ordering: .relaxed)
    }
}
