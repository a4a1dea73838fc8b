import Foundation
import TestSupport

/// A web visitor's chat socket on a notify-hub, in either dialect of CONTRACT §6: the
/// original contact service's (`/contact`) or the web IM's
/// (`/api/v1/pipelines/{uuid}/ws/connect`). Blocking: use it inside `offPool`.
final class WebVisitor {
    /// The two dialects.
    enum Dialect: String, CaseIterable, Sendable {
        case contact, pipeline
    }

    /// An answer shown to the visitor.
    struct Answer: Equatable {
        /// The whole text.
        var text: String
        /// "bot" or "operator" on /contact (its `sender`), the `role` ("assistant") on the IM dialect.
        var sender: String
    }

    /// The socket.
    let client: TestWebSocketClient
    /// Which dialect it speaks.
    let dialect: Dialect
    /// Its desk chat: "web-" + client or connection id.
    let chatID: String

    /// Connects to the hub on `port` (`query` added to the /contact path, e.g. `?client_id=`
    /// to resume a chat; `pipeline` the IM dialect's pipeline, a new one when nil) and reads
    /// the greeting frame.
    init(_ dialect: Dialect, port: Int, query: String = "", pipeline: String? = nil) throws {
        let pipeline = pipeline ?? UUID().uuidString.lowercased()
        let path =
            dialect == .contact
            ? "/contact" + query : "/api/v1/pipelines/\(pipeline)/ws/connect?session_type=person"
        client = try TestWebSocketClient.connect(port: UInt16(port), path: path, timeout: .seconds(20))
        self.dialect = dialect
        let greeting = JSON.object(try client.receiveText())
        let id = greeting[dialect == .contact ? "client_id" : "connection_id"] as? String ?? ""
        guard !id.isEmpty else { throw DeskError("no id in the \(dialect) greeting \(greeting)") }
        chatID = "web-" + id
    }

    /// Sends a chat message.
    func say(_ text: String) throws {
        switch dialect {
        case .contact:
            try client.send(text: JSON.encode(["type": "chat_message", "message": text, "timestamp": "now"]))
        case .pipeline:
            try client.send(text: JSON.encode(["type": "message", "message": [["type": "Plain", "text": text]]]))
        }
    }

    /// The next whole answer (acknowledgements and partial frames skipped).
    func nextAnswer(timeout: Duration = .seconds(20)) throws -> Answer {
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw TestClientError.timedOut }
            let frame = JSON.object(try client.receiveText(timeout: left))
            switch (dialect, frame["type"] as? String) {
            case (.contact, "chat_message"):
                return Answer(text: frame["message"] as? String ?? "", sender: frame["sender"] as? String ?? "")
            case (.pipeline, "response"):
                let data = frame["data"] as? [String: Any] ?? [:]
                guard data["is_final"] as? Bool == true else { continue }
                return Answer(text: data["content"] as? String ?? "", sender: data["role"] as? String ?? "")
            case (_, "error"):
                throw DeskError("the hub answered an error: \(frame)")
            default:
                continue
            }
        }
    }

    /// Whether any answer arrives within `timeout` (for "exactly once").
    func anotherAnswerArrives(within timeout: Duration) -> Bool {
        (try? nextAnswer(timeout: timeout)) != nil
    }
}
