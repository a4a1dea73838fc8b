import Catalog
import TelegramBotAPI
import TelegramOutbox

/// One item the gateway handed over (`RelayInbox`), by its kind.
struct InboxHandler: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// Acts on `item`; throws when it must be tried again later (Redis or ingest-api down,
    /// a forum topic not made in time).
    func handle(_ item: RelayItem) async throws {
        if item.kind != .operatorMessage {
            if item.chatID != context.operatorChatID.map({ String($0) }) { try await context.seen.mark(item.chatID) }
            try await context.profiles.remember(item.chatID, user: item.user, languageCode: item.languageCode)
        }
        switch item.kind {
        case .userMessage, .editedMessage:
            let media = item.mediaKind.flatMap { kind in
                Int64(item.chatID).flatMap { chat in
                    item.messageID.map { UserMessageForwarder.Media(kind: kind, chatID: chat, messageID: $0) }
                }
            }
            try await UserMessageForwarder(context: context).forward(
                chatID: item.chatID, text: item.text, media: media, isEdit: item.kind == .editedMessage, id: item.id)
        case .modeChanged:
            if item.mode == .operator {
                try await Handoff(context: context).toOperator(item.chatID, source: item.id, waitForName: false)
            } else {
                try await Handoff(context: context).toBot(item.chatID)
            }
        case .operatorMessage:
            try await OperatorMessageHandler(context: context).handle(item)
        case .chatBlocked:
            try await reportBlocked(item)
        }
    }

    /// A user blocked the bot: said once in the operator chat (the gateway hands each block
    /// over once), in the user's topic if they have one.
    private func reportBlocked(_ item: RelayItem) async throws {
        guard let operatorChat = context.operatorChatID, item.chatID != String(operatorChat),
            !context.adminUserIDs.contains(where: { String($0) == item.chatID })
        else { return }
        let name = try await context.profiles.displayName(of: item.chatID, texts: context.operatorTexts)
        let text = context.operatorTexts.text(.userBlockedBot, ["chat_id": item.chatID, "name": name])
        try await OperatorChatPoster(context: context).post(
            [.html(HTMLText.escape(text))], about: item.chatID, name: name, id: item.id, createTopic: false)
        context.count("blocked_reports", help: "Blocked users reported to the operator chat.")
    }
}
