import HTTPServer
import WebSocket

/// A visitor's socket in either dialect (`ContactSession`, `PipelineSession`): what they
/// answer alike, through their `VisitorPresence`.
protocol VisitorSession: WebSocketHandler {
    /// The socket's record in the hub and its answer line.
    var presence: VisitorPresence { get }
}

extension VisitorSession {
    /// Binary is part of neither dialect: an error frame, the socket stays open.
    func webSocket(_ socket: ServerWebSocket, didReceiveBinary bytes: [UInt8]) {
        presence.refuse(presence.language.texts.binaryRefused, on: socket)
    }
}
