import Catalog
import Domain
import IngestClient
import Redis
import TelegramBotAPI

/// A chat taken over by operators (CONTRACT §4): the operator chat gets "Message from user
/// {chat_id} ({name})" with the last messages of its history, once per operator session.
///
/// Two signals announce a switch: the gateway's hand-over (which carries the user's name)
/// and the `mode_changed` event (which every switch publishes, the dashboard's too). The
/// first to arrive posts: a per-chat marker, set atomically, names the signal that owns the
/// session's hand-off, and is cleared when the chat is back with the bot. A signal is acted
/// on only while the chat's mode still matches it, so a late one changes nothing.
struct Handoff: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// The chat went to operator mode (signal `source`). `waitForName`: a Telegram chat whose
    /// name is unknown gives the gateway's hand-over a moment to arrive first.
    func toOperator(_ chatID: String, source: String, waitForName: Bool) async throws {
        guard try await context.modes.mode(of: chatID) == .operator,
            try await !context.banned.contains(chatID)
        else { return }
        let marker = RedisArgument(context.keys.handoff(chatID))
        if waitForName, Channel.of(chatID: chatID) == .telegram,
            try await context.profiles.profile(of: chatID).name == nil
        {
            let deadline = ContinuousClock.now + context.options.handoffNameWait
            while ContinuousClock.now < deadline {
                if let owner = try await context.redis.send("GET", marker).text {
                    if owner != source { return }
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let owner = try await context.redis.send("SET", marker, RedisArgument(source), "NX", "GET", "EX", "2592000")
        // Another signal posted this session's hand-off; the same signal handled again goes on
        // (its posts are deduplicated by id).
        if let owner = owner.text, owner != source { return }
        let name = try await context.profiles.displayName(of: chatID, texts: context.operatorTexts)
        let text = Self.text(
            chatID: chatID, name: name, history: await history(of: chatID), texts: context.operatorTexts)
        try await OperatorChatPoster(context: context).post(
            [.html(text)], about: chatID, name: name, id: "handoff:\(chatID):\(source)")
        context.count("handoffs", help: "Hand-offs posted to the operator chat.")
    }

    /// The chat is back with the bot: the next switch to operators posts a new hand-off.
    func toBot(_ chatID: String) async throws {
        guard try await context.modes.mode(of: chatID) == .bot else { return }
        _ = try await context.redis.delete(RedisArgument(context.keys.handoff(chatID)))
    }

    /// The newest messages, oldest first; nil when ingest-api cannot say (three tries).
    private func history(of chatID: String) async -> [ChatMessage]? {
        for attempt in 1...3 {
            do {
                return try await context.ingest.messages(of: chatID, limit: context.options.historyCount).items
                    .reversed()
            } catch .unreachable, .timedOut {
                if attempt < 3 { try? await Task.sleep(for: context.options.retryPause) }
            } catch {
                context.logger.warning(
                    "history refused", ["chat": .string(chatID), "error": .string(error.description)])
                return nil
            }
        }
        return nil
    }

    /// The hand-off text in `texts`' language: the head, then one line per message (user
    /// parts escaped), then how to answer (the original bot's hint).
    static func text(chatID: String, name: String, history: [ChatMessage]?, texts: Texts = .of(.en)) -> String {
        var text = texts.messageFromUser(HTMLText.escape(chatID), HTMLText.escape(name))
        let hint = "\n\n" + HTMLText.escape(texts.text(.handoffHint))
        guard let history else { return text + "\n\n" + texts.text(.historyUnavailable) + hint }
        guard !history.isEmpty else { return text + "\n\n" + texts.text(.historyEmpty) + hint }
        text += "\n"
        for message in history {
            let label =
                switch message.sender {
                case .user: texts.text(.senderUser)
                case .bot: texts.text(.senderBot)
                case .operator: texts.text(.senderOperator)
                }
            let body = message.text.count > 500 ? String(message.text.prefix(500)) + "…" : message.text
            text += "\n<b>\(label):</b> " + HTMLText.escape(body)
        }
        return text + hint
    }
}
