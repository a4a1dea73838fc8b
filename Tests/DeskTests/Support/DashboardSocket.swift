import Foundation
import TestSupport

/// An admin dashboard's `/notify` socket on a notify-hub (CONTRACT §6): the live event
/// feed, and operator replies sent from it. Blocking: use it inside `offPool`.
final class DashboardSocket {
    /// The socket.
    let client: TestWebSocketClient

    /// Connects with the admin token; `query` is added to the path (`&since=ID`).
    init(port: Int, token: String = Desk.adminToken, query: String = "") throws {
        client = try TestWebSocketClient.connect(
            port: UInt16(port), path: "/notify?token=\(token)" + query, timeout: .seconds(20))
    }

    /// Sends `{"type":"reply","chat_id","text"}`: an operator's answer to a chat.
    func reply(to chatID: String, _ text: String) throws {
        try client.send(text: JSON.encode(["type": "reply", "chat_id": chatID, "text": text]))
    }

    /// The next event frame whose text contains `text` (earlier frames skipped); throws on
    /// time-out or close.
    func event(containing text: String, timeout: Duration = .seconds(20)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw TestClientError.timedOut }
            let frame = try client.receiveText(timeout: left)
            if frame.contains(text) { return frame }
        }
    }
}
