import Catalog
import DeskProtocol
import Domain
import TelegramBotAPI
import TelegramOutbox

/// /start and the operator toggle (CONTRACT §4). A change of mode is handed to the relay
/// (which posts the handoff with the history to the operator chat) and published as a
/// `mode_changed` event.
struct ModeSwitch: Sendable {
    /// The `callback_data` of an inline toggle button, should a message carry one.
    static let toggleCallbackData = "mode:toggle"

    /// What handling needs.
    let context: GatewayContext

    /// /start: the chat goes (back) to the bot; the greeting comes with the keyboard.
    func start(_ message: Message, updateID: Int64) async throws {
        let chatID = message.chat.id
        try await change(to: .bot, chatID: chatID, user: message.from, updateID: updateID)
        // An admin (ADMIN_USER_IDS) writing to the bot is greeted as the admin bot greeted
        // them: alerts come here, in the operators' language.
        if context.adminAnswers.adminUserIDs.contains(chatID), message.from?.id == chatID {
            try await context.reply(
                Texts.of(context.operatorLanguage).adminGreeting, to: chatID, id: "update:\(updateID):greeting")
            return
        }
        let texts = await context.texts(for: chatID, user: message.from)
        try await context.reply(
            texts.greeting, to: chatID, id: "update:\(updateID):greeting", keyboard: [[texts.operatorButton]])
    }

    /// The button or /operator: bot ↔ operator, with the user told which.
    func toggle(chatID: Int64, user: User?, updateID: Int64) async throws {
        let texts = await context.texts(for: chatID, user: user)
        let current = try await context.modes.mode(of: String(chatID))
        let proposed: ChatMode = current == .bot ? .operator : .bot
        // Handling the same update again must not toggle back.
        let settled = try await context.memo.settle("toggle", of: updateID, proposing: proposed.rawValue)
        let target = ChatMode(rawValue: settled) ?? proposed
        try await change(to: target, chatID: chatID, user: user, updateID: updateID)
        let notice = target == .operator ? texts.operatorConnected : texts.operatorDisconnected
        try await context.reply(notice, to: chatID, id: "update:\(updateID):mode", keyboard: [[texts.operatorButton]])
    }

    /// Sets the mode; on a change, tells the relay and publishes `mode_changed`.
    private func change(to mode: ChatMode, chatID: Int64, user: User?, updateID: Int64) async throws {
        let chat = String(chatID)
        let previous = try await context.modes.mode(of: chat)
        guard previous != mode else { return }
        // The relay first: its hand-off is deduplicated, so a crash after it repeats nothing.
        try await context.relay.enqueue(
            RelayItem(
                id: "update:\(updateID):mode", kind: .modeChanged, chatID: chat,
                user: user.map(ChatUser.init(telegram:)),
                mode: mode, languageCode: user?.languageCode))
        try await context.modes.setMode(mode, of: chat)
        do {
            try await context.events.publish(.modeChanged(ModeChangedData(chatID: chat, mode: mode)))
        } catch {
            context.logger.warning(
                "cannot publish mode_changed", ["chat": .string(chat), "error": .string("\(error)")])
        }
    }
}
