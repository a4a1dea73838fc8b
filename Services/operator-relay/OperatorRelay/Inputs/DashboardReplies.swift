import DeskProtocol
import TelegramOutbox

/// Operator replies written on the dashboard: notify-hub queues each on the stream
/// `DeskRedisNames.dashboardReplies` (entries: `DashboardReply`); the relay
/// delivers them like a Telegram operator's answer. Entries are named after their stream
/// id, so a retry repeats nothing.
struct DashboardReplies: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// Delivers the reply of `entry`; throws when it must be tried again.
    func handle(_ entry: StreamEntry) async throws {
        guard let reply = DashboardReply(fields: entry.fields) else {
            context.logger.warning(
                "dropping a dashboard reply without chat_id or text", ["entry": .string(entry.entryID)])
            return
        }
        let chatID = reply.chatID
        let answer = OperatorAnswer(text: reply.text, id: "dashboard:\(entry.entryID)")
        if let notice = try await AnswerDelivery(context: context).deliver(answer, to: chatID, checkKnown: false) {
            // The dashboard got its acknowledgement when the reply was queued; the log says the rest.
            context.logger.warning("dashboard reply not delivered", ["chat": .string(chatID), "why": .string(notice)])
        }
    }
}
