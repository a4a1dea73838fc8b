import HTTP1
import WebSocket

/// Receives one WebSocket's messages, on the loop thread that owns the socket.
/// Must not block: hand slow work to a task and answer through `ServerWebSocket.send`.
public protocol WebSocketHandler: AnyObject {
    /// The handshake is done; the socket can send.
    func webSocketDidOpen(_ socket: ServerWebSocket)
    /// A complete text message (valid UTF-8, within the size limit).
    func webSocket(_ socket: ServerWebSocket, didReceiveText text: String)
    /// A complete binary message.
    func webSocket(_ socket: ServerWebSocket, didReceiveBinary bytes: [UInt8])
    /// The socket is closed; `code` is the peer's close code when it sent one.
    func webSocketDidClose(_ socket: ServerWebSocket, code: WebSocketCloseCode?)
}

extension WebSocketHandler {
    public func webSocketDidOpen(_ socket: ServerWebSocket) {}
    public func webSocket(_ socket: ServerWebSocket, didReceiveBinary bytes: [UInt8]) {}
    public func webSocketDidClose(_ socket: ServerWebSocket, code: WebSocketCloseCode?) {}
}

/// A route's answer to an upgrade request, decided before the 101 is sent.
public enum WebSocketUpgradeDecision {
    /// Upgrade, and let `handler` receive the socket's messages.
    case accept(WebSocketHandler)
    /// Answer with this response instead (e.g. 401 for a wrong token).
    case refuse(HTTPResponse)
}

/// Checks the handshake, then asks the route whether to accept (on the loop thread).
public struct WebSocketUpgrader: Sendable {
    private let decide: @Sendable (HTTPRequest) -> WebSocketUpgradeDecision

    public init(_ decide: @escaping @Sendable (HTTPRequest) -> WebSocketUpgradeDecision) {
        self.decide = decide
    }

    /// The outcome of `prepare`: the 101 head and handler, or the response to send.
    enum Prepared {
        case accept(handler: WebSocketHandler, responseHead: [UInt8])
        case refuse(HTTPResponse)
    }

    func prepare(_ request: HTTPRequest) -> Prepared {
        let handshake: WebSocketHandshake
        do {
            handshake = try WebSocketHandshake(
                method: request.method.rawValue, httpVersion: request.minorVersion == 1 ? "HTTP/1.1" : "HTTP/1.0",
                header: { name in
                    let values = request.headers.values(name)
                    return values.isEmpty ? nil : values.joined(separator: ", ")
                })
        } catch {
            var response = HTTPResponse.error(status: HTTPStatus(error.status), code: "bad_upgrade", message: error.message)
            for (name, value) in error.headers { response.headers.set(name, value) }
            return .refuse(response)
        }
        switch decide(request) {
        case .refuse(let response):
            return .refuse(response)
        case .accept(let handler):
            return .accept(handler: handler, responseHead: handshake.responseHead())
        }
    }
}
