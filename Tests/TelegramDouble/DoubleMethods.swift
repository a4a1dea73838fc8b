import Foundation
import HTTP1

/// The Bot API methods the double implements, answering like Telegram.
struct DoubleMethods: Sendable {
    /// The double's state and logic.
    let core: DoubleCore

    /// Answers `POST /bot{token}/{method}`.
    func respond(method: String, parameters: [String: Any]) async -> HTTPResponse {
        switch method {
        case "getMe": return ok(DoubleCore.botUser)
        case "getUpdates": return await getUpdates(parameters)
        case "setWebhook": return setWebhook(parameters)
        case "deleteWebhook":
            core.state.withLock { state in
                state.webhook = nil
                state.deleteWebhookCalls += 1
                if parameters["drop_pending_updates"] as? Bool == true { state.updates.removeAll() }
            }
            return ok(true)
        case "sendMessage", "editMessageText":
            // A slow network: the call reaches "Telegram" (and is checked against the
            // limits) only after the injected delay.
            if let chatID = JSONValue.int64(parameters["chat_id"]),
                let delay = core.state.withLock({ $0.takeArrivalDelay(chatID: chatID) })
            {
                try? await Task.sleep(for: delay)
            }
            return send(method, parameters)
        case "copyMessage": return copy(parameters)
        case "sendChatAction":
            // Telegram checks the action's name; chat actions are not messages and do not
            // count against the flood limits.
            let actions: Set = ["typing", "upload_photo", "record_video", "upload_video", "record_voice",
                "upload_voice", "upload_document", "choose_sticker", "find_location", "record_video_note",
                "upload_video_note"]
            guard let chatID = JSONValue.int64(parameters["chat_id"]),
                let action = JSONValue.string(parameters["action"]), actions.contains(action)
            else {
                return refuse(400, "Bad Request: wrong parameter action in request")
            }
            core.state.withLock { $0.chatActions.append(ChatAction(chatID: chatID, action: action, time: .now)) }
            return ok(true)
        case "answerCallbackQuery":
            guard let id = JSONValue.string(parameters["callback_query_id"]) else {
                return refuse(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
            }
            core.state.withLock { $0.answeredCallbacks.append(id) }
            return ok(true)
        case "createForumTopic":
            guard let chatID = JSONValue.int64(parameters["chat_id"]), let name = JSONValue.string(parameters["name"]),
                (1...128).contains(name.count)
            else {
                return refuse(400, "Bad Request: invalid topic name specified")
            }
            guard let threadID = core.state.withLock({ $0.createTopic(in: chatID, name: name) }) else {
                return refuse(400, "Bad Request: the chat is not a forum")
            }
            return ok(["message_thread_id": threadID, "name": name, "icon_color": 7_322_096])
        default: return refuse(404, "Not Found: method not found")
        }
    }

    /// Long polling with offsets: waits up to `timeout` seconds for an update.
    private func getUpdates(_ parameters: [String: Any]) async -> HTTPResponse {
        let offset = JSONValue.int64(parameters["offset"])
        let limit = Int(JSONValue.int64(parameters["limit"]) ?? 100)
        let timeout = Double(JSONValue.int64(parameters["timeout"]) ?? 0)
        core.state.withLock { $0.pollOffsets.append(offset) }
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while true {
            guard let updates = core.takeUpdates(offset: offset, limit: limit) else {
                return refuse(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
                )
            }
            if !updates.isEmpty || ContinuousClock.now >= deadline {
                return HTTPResponse.json(raw: "{\"ok\":true,\"result\":[" + updates.joined(separator: ",") + "]}")
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// setWebhook: remembers the URL, secret and update kinds.
    private func setWebhook(_ parameters: [String: Any]) -> HTTPResponse {
        guard let url = JSONValue.string(parameters["url"]), url.hasPrefix("http") else {
            return refuse(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        }
        let secret = JSONValue.string(parameters["secret_token"])
        if let secret, secret.isEmpty || secret.count > 256 {
            return refuse(400, "Bad Request: secret token contains unallowed characters")
        }
        core.state.withLock { state in
            state.webhook = WebhookSettings(
                url: url, secretToken: secret, allowedUpdates: parameters["allowed_updates"] as? [String])
            state.setWebhookCalls += 1
        }
        return ok(true)
    }

    /// sendMessage and editMessageText: text checks, markup, limits, then recorded.
    private func send(_ method: String, _ parameters: [String: Any]) -> HTTPResponse {
        guard let chatID = JSONValue.int64(parameters["chat_id"]) else {
            return refuse(400, "Bad Request: chat not found")
        }
        let raw = JSONValue.string(parameters["text"]) ?? ""
        let parseMode = JSONValue.string(parameters["parse_mode"])
        var text = raw
        if parseMode?.uppercased() == "HTML" {
            switch TelegramHTML.render(raw) {
            case .success(let visible): text = visible
            case .failure(let failure): return refuse(400, "Bad Request: can't parse entities: \(failure.reason)")
            }
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return refuse(400, "Bad Request: message text is empty")
        }
        if text.utf16.count > 4096 { return refuse(400, "Bad Request: message is too long") }
        let replyParameters = parameters["reply_parameters"] as? [String: Any]
        let message = SentMessage(
            method: method, chatID: chatID, messageID: JSONValue.int64(parameters["message_id"]) ?? 0, text: text,
            rawText: raw, parseMode: parseMode, replyMarkupJSON: JSONValue.text(parameters["reply_markup"]),
            replyToMessageID: JSONValue.int64(replyParameters?["message_id"] ?? parameters["reply_to_message_id"]),
            messageThreadID: JSONValue.int64(parameters["message_thread_id"]), time: .now)
        switch core.accept(message, countsForLimits: method == "sendMessage") {
        case .success(let messageID):
            return ok([
                "message_id": messageID, "date": Int(Date().timeIntervalSince1970), "text": text,
                "from": DoubleCore.botUser,
                "chat": ["id": chatID, "type": chatID < 0 ? "supergroup" : "private"],
            ])
        case .failure(let refusal): return HTTPResponse.json(raw: refusal.body, status: HTTPStatus(refusal.status))
        }
    }

    /// copyMessage: recorded like a send, answered with the copy's id.
    private func copy(_ parameters: [String: Any]) -> HTTPResponse {
        guard let chatID = JSONValue.int64(parameters["chat_id"]),
            let from = JSONValue.int64(parameters["from_chat_id"]),
            let source = JSONValue.int64(parameters["message_id"])
        else { return refuse(400, "Bad Request: message to copy not found") }
        let message = SentMessage(
            method: "copyMessage", chatID: chatID, messageID: 0, text: "", rawText: "", parseMode: nil,
            replyMarkupJSON: nil, replyToMessageID: nil,
            messageThreadID: JSONValue.int64(parameters["message_thread_id"]),
            fromChatID: from, sourceMessageID: source, time: .now)
        switch core.accept(message, countsForLimits: true) {
        case .success(let messageID): return ok(["message_id": messageID])
        case .failure(let refusal): return HTTPResponse.json(raw: refusal.body, status: HTTPStatus(refusal.status))
        }
    }

    /// `{"ok":true,"result":…}`.
    private func ok(_ result: Any) -> HTTPResponse { .json(raw: BotReply.ok(result)) }

    /// `{"ok":false,…}` with the code as the HTTP status, as Telegram does.
    private func refuse(_ code: Int, _ description: String) -> HTTPResponse {
        .json(raw: BotReply.error(code, description), status: HTTPStatus(code))
    }
}
