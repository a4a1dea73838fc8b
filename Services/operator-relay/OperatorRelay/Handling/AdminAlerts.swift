import Catalog
import DeskProtocol
import Domain
import TelegramBotAPI
import TelegramOutbox

/// Escalations (CONTRACT §4): each `new_session` becomes "⚠️ Question needs handling:…" in
/// HTML, every user-supplied part escaped, sent to each id of ADMIN_USER_IDS and nobody else.
///
/// An admin answers where the alert reached them: the alert ends with the user's chat id
/// (so "chat_id: answer" works), and each alert's message ids are recorded as that user's
/// in the admin's chat when the receipt comes back, so a Telegram reply to the alert
/// answers the user as a reply in the operator chat would.
struct AdminAlerts: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// Queues the alert of event `eventID` to every admin. The request ids name the event,
    /// its session and the admin, so a repeat after a crash or by another instance is dropped.
    func send(_ session: NewSessionData, eventID: Int) async throws {
        guard context.isTelegramOn, !context.adminUserIDs.isEmpty else { return }
        let text = Self.text(session, texts: context.operatorTexts)
        let userChat = Self.answerableChat(session)
        for admin in context.adminUserIDs {
            var request = SendRequest.text(
                id: "relay:alert:\(eventID):\(session.sessionID):\(admin)", chatID: admin, text: text,
                isHTML: true)
            if let userChat {
                request.receiptStream = context.keys.relayReceipts
                request.context = [ReceiptContext.kind: ReceiptContext.alert, ReceiptContext.chat: userChat]
            }
            try await context.outbox.enqueue(request)
        }
        context.count("alerts", help: "new_session events turned into admin alerts.")
    }

    /// The alert's HTML in `texts`' language: the contract's text (in Vietnamese the
    /// original admin bot's), then the chat line when the user can be answered. A user
    /// without a name is "Unknown user" (as the admin bot said: "Người dùng không xác định").
    static func text(_ session: NewSessionData, texts: Texts = .of(.en)) -> String {
        let user = session.user
        let isNamed = [user.firstName, user.lastName, user.username].contains { $0?.isEmpty == false }
        let name = isNamed ? user.displayName : texts.text(.unknownUser)
        // Cut before escaping (never inside an entity): an alert stays one readable message,
        // whatever length the event carries; the whole text is in the chat.
        let alert = texts.escalation(
            HTMLText.escape(MessageLimits.cut(name, to: 200)),
            HTMLText.escape(MessageLimits.cut(session.message)),
            HTMLText.escape(MessageLimits.cut(session.response)))
        guard let chatID = answerableChat(session) else { return alert }
        return alert + "\n\n" + texts.escalationChat(HTMLText.escape(chatID))
    }

    /// The user's chat when an operator's answer can reach it (a Telegram chat or a web
    /// visitor), nil for API callers and sessions without one.
    static func answerableChat(_ session: NewSessionData) -> String? {
        let chatID = session.userID
        guard !chatID.isEmpty, Channel.of(chatID: chatID) != .api else { return nil }
        return chatID
    }
}
