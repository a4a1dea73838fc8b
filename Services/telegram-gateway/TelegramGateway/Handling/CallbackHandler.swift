import TelegramBotAPI

/// A button press under a message: answered first, always, so the button stops spinning;
/// the toggle button then switches the mode.
struct CallbackHandler: Sendable {
    /// What handling needs.
    let context: GatewayContext

    /// Answers and acts on `query` of update `updateID`.
    func handle(_ query: CallbackQuery, updateID: Int64) async throws {
        await answer(query)
        guard query.data == ModeSwitch.toggleCallbackData else { return }
        let chatID = query.message?.chat.id ?? query.from.id
        try await ModeSwitch(context: context).toggle(chatID: chatID, user: query.from, updateID: updateID)
    }

    /// answerCallbackQuery, tried three times over about a second when the network fails:
    /// Telegram stops the spinner by itself after a while, so a later retry would be useless.
    private func answer(_ query: CallbackQuery) async {
        for attempt in 1...3 {
            do {
                try await context.api.answerCallbackQuery(id: query.id)
                return
            } catch  where error.isTransient && attempt < 3 {
                try? await Task.sleep(for: .milliseconds(300 * attempt))
            } catch {
                // Answered before (the update handled twice) or too old: nothing spins any more.
                context.logger.info("answerCallbackQuery failed", ["error": .string(error.description)])
                return
            }
        }
    }
}
