import Logging
import TelegramBotAPI

/// Shows "typing…" in a chat while an answer is being made: a sendChatAction after a short
/// delay and again every few seconds, until stopped. Best effort: a failed call is only
/// logged (the answer itself goes through the outbox), a 429 waits its retry_after.
final class TypingIndicator: Sendable {
    /// The loop of sendChatAction calls.
    private let task: Task<Void, Never>

    /// Starts showing "typing…" in `chatID`.
    init(chatID: Int64, api: BotAPIClient, pacing: AnswerPacing, logger: Logger) {
        task = Task {
            var pause = pacing.typingDelay
            while true {
                do {
                    try await Task.sleep(for: pause)
                } catch {
                    return
                }
                pause = pacing.typingInterval
                do throws(BotAPIError) {
                    try await api.sendChatAction(chatID: chatID)
                } catch {
                    if let seconds = error.retryAfter { pause = .seconds(seconds) }
                    logger.debug("typing not shown", ["chat": .int(Int(chatID)), "error": .string(error.description)])
                }
            }
        }
    }

    /// Stops; a call in flight may still arrive.
    func stop() {
        task.cancel()
    }

    deinit {
        task.cancel()
    }
}
