import Redis
import TelegramOutbox

/// Who acts in the operator chat (CONTRACT §2, `OPERATOR_USER_IDS`): by default every
/// member, since the chat's membership is the desk's list of operators; when the setting
/// is given, only those users. Anyone else in the chat is told once a day that their
/// messages go nowhere, then ignored, so a curious member cannot answer, /close or /ban.
struct OperatorGate: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// How long one notice to a member who is no operator lasts.
    static let noticeSeconds = 86_400

    /// Whether `item`'s writer may act; tells a refused writer once a day.
    func admits(_ item: RelayItem, inOperatorChat: Bool) async throws -> Bool {
        guard inOperatorChat, !context.operatorUserIDs.isEmpty else { return true }
        if let user = item.user?.id, let id = Int64(user), context.operatorUserIDs.contains(id) { return true }
        let who = item.user?.id ?? "unknown"
        context.count("refused_operator_messages", help: "Operator-chat messages from users not in OPERATOR_USER_IDS.")
        let key = RedisArgument(context.keys.prefix + "relay:not-operator-told:" + who)
        let isFirst = try await context.redis.send("SET", key, "1", "NX", "EX", RedisArgument(String(Self.noticeSeconds)))
        guard isFirst.text == "OK" else { return false }
        try await OperatorChatPoster(context: context).tell(
            "Only the desk's operators act here (OPERATOR_USER_IDS); your messages are not sent to users. "
                + "Your Telegram id is \(who): an admin can add it.",
            replyingTo: item.messageID, thread: item.messageThreadID, id: item.id)
        return false
    }
}
