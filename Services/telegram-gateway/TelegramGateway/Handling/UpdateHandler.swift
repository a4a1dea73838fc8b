import TelegramBotAPI

/// Handles one stored update by its kind; kinds the gateway does not handle are skipped.
/// Throws when the update could not be handled now (Redis or ingest-api unreachable):
/// it then stays pending in the inbox and is handled again later.
struct UpdateHandler: Sendable {
    /// What handling needs.
    let context: GatewayContext

    /// Routes the update.
    func handle(_ update: Update) async throws {
        if let query = update.callbackQuery {
            try await CallbackHandler(context: context).handle(query, updateID: update.updateID)
        } else if let message = update.message {
            try await MessageRouter(context: context).handle(message, updateID: update.updateID)
        } else if let edited = update.editedMessage {
            try await EditHandler(context: context).handle(edited, updateID: update.updateID)
        }
    }
}
