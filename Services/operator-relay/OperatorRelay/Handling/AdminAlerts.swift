import Catalog
import TelegramBotAPI
import TelegramOutbox

/// Escalations (CONTRACT §4): each `new_session` becomes "⚠️ Question needs handling:…" in
/// HTML, every user-supplied part escaped, sent to each id of ADMIN_USER_IDS and nobody else.
struct AdminAlerts: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// Queues the alert of event `eventID` to every admin. The request ids name the event,
    /// its session and the admin, so a repeat after a crash or by another instance is dropped.
    func send(_ session: DeskEvent.NewSession, eventID: Int) async throws {
        guard context.isTelegramOn, !context.adminUserIDs.isEmpty else { return }
        let text = Self.text(session)
        for admin in context.adminUserIDs {
            try await context.outbox.enqueue(
                .text(
                    id: "relay:alert:\(eventID):\(session.sessionID ?? ""):\(admin)", chatID: admin, text: text,
                    isHTML: true))
        }
        context.count("alerts", help: "new_session events turned into admin alerts.")
    }

    /// The alert's HTML.
    static func text(_ session: DeskEvent.NewSession) -> String {
        Texts.of(.en).escalation(
            HTMLText.escape(session.user.displayName), HTMLText.escape(session.message ?? ""),
            HTMLText.escape(session.response ?? ""))
    }
}
