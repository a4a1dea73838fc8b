import DeskProtocol
import Redis
import TelegramBotAPI
import TelegramOutbox

/// An admin (ADMIN_USER_IDS) answers users where the relay alerts them: in their private
/// chat with the bot, by replying (a Telegram reply) to an escalation alert or by writing
/// "chat_id: answer". Those messages go to the relay like the operator chat's; everything
/// else an admin writes is a question like anyone's.
///
/// An alert is known by its message id: the relay records each alert's ids as its user's
/// (`DeskRedisNames.messageOrigin`) when the send's receipt comes back, the same record that
/// resolves the reply, so the gateway and the relay cannot disagree on what an alert is.
struct AdminAnswers: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// ADMIN_USER_IDS.
    let adminUserIDs: Set<Int64>
    /// The names of the relay's message-origin keys.
    let names: DeskRedisNames

    /// Whether `message` is an admin's answer to a user, for the relay.
    func isAnswer(_ message: Message) async throws -> Bool {
        let chat = message.chat.id
        // A private chat's id is its user's: an admin writing to the bot.
        guard chat > 0, adminUserIDs.contains(chat), message.from?.id == chat else { return false }
        if message.mediaKind == nil, let text = message.text, case .answer = DirectAnswer.parse(text) { return true }
        guard let replied = message.replyToMessage?.messageID else { return false }
        return try await redis.send("EXISTS", RedisArgument(names.messageOrigin(chat: chat, messageID: replied))).integerValue == 1
    }
}
