import Foundation
import Synchronization

/// The double's state and the logic of its methods, shared by the routes and the test API.
final class DoubleCore: Sendable {
    /// The token the double answers to.
    let token: String
    /// Everything remembered.
    let state: Mutex<DoubleState>

    /// Starts empty.
    init(token: String, limits: DoubleLimits) {
        self.token = token
        state = Mutex(DoubleState(limits: limits))
    }

    /// The bot itself, as getMe returns it.
    static var botUser: [String: Any] {
        [
            "id": 4_242_424_242, "is_bot": true, "first_name": "Switchboard", "username": "switchboard_double_bot",
        ]
    }

    /// Adds an update; `body` is the update's fields without `update_id` (a JSON object's
    /// inside, e.g. `"message": {…}`). Returns the update's id.
    func enqueue(fields body: String) -> Int64 {
        state.withLock { state in
            let id = state.nextUpdateID
            state.nextUpdateID += 1
            state.updates.append(.init(id: id, json: "{\"update_id\":\(id),\(body)}", chatID: Self.chatID(in: body)))
            state.history[id] = body
            return id
        }
    }

    /// Adds an update enqueued before again, same id (a duplicate delivery).
    func enqueueAgain(id: Int64) {
        state.withLock { state in
            guard let body = state.history[id] else { return }
            state.updates.append(.init(id: id, json: "{\"update_id\":\(id),\(body)}", chatID: Self.chatID(in: body)))
        }
    }

    /// The chat of an update's fields (0 when it has none).
    static func chatID(in fields: String) -> Int64 {
        guard let object = JSONValue.object(Array("{\(fields)}".utf8)),
            let inner = object.values.first as? [String: Any]
        else { return 0 }
        let message = (inner["message"] as? [String: Any]) ?? inner
        return JSONValue.int64((message["chat"] as? [String: Any])?["id"]) ?? 0
    }

    /// getUpdates' core: confirms updates below `offset`, then returns up to `limit` of the
    /// rest; nil when a webhook is set (409).
    func takeUpdates(offset: Int64?, limit: Int) -> [String]? {
        state.withLock { state in
            guard state.webhook == nil else { return nil }
            if let offset { state.updates.removeAll { $0.id < offset } }
            return state.updates.prefix(limit).map(\.json)
        }
    }

    /// Records one accepted send and returns its message id, or the refusal (status, body).
    func accept(_ message: SentMessage, countsForLimits: Bool) -> Result<Int64, RefusedCall> {
        state.withLock { state in
            if let failure = state.takeFailure(chatID: message.chatID, method: message.method) {
                return .failure(RefusedCall(status: failure.answer.status, body: failure.answer.body))
            }
            guard state.threadExists(message.messageThreadID, in: message.chatID) else {
                return .failure(
                    RefusedCall(status: 400, body: BotReply.error(400, "Bad Request: message thread not found")))
            }
            if countsForLimits, let broken = state.flood.admit(chatID: message.chatID, at: message.time) {
                state.violations.append(broken.reason)
                let description = "Too Many Requests: retry after \(broken.retryAfter)"
                return .failure(
                    RefusedCall(status: 429, body: BotReply.error(429, description, retryAfter: broken.retryAfter)))
            }
            var accepted = message
            accepted.messageID =
                message.method == "editMessageText" ? message.messageID : state.makeMessageID(in: message.chatID)
            state.sent.append(accepted)
            return .success(accepted.messageID)
        }
    }
}

/// A call the double refuses: the status and the JSON (or HTML) body.
struct RefusedCall: Error {
    /// The HTTP status.
    let status: Int
    /// The answer's body.
    let body: String
}
