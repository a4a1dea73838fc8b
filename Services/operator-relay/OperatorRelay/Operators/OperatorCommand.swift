import TelegramOutbox

/// The commands operators type in the operator chat. In a user's forum topic the chat
/// argument may be left out: the topic's user is meant.
enum OperatorCommand: Sendable, Equatable {
    /// `/tickets`: the open tickets.
    case tickets
    /// `/close {ticket_id}`.
    case close(ticketID: Int64)
    /// `/bot {chat_id}`: the chat goes back to the bot.
    case bot(chatID: String?)
    /// `/ban {chat_id}`: the chat's messages stop reaching operators.
    case ban(chatID: String?)
    /// `/unban {chat_id}`.
    case unban(chatID: String?)
    /// A known command with a bad argument: the usage line to answer with.
    case usage(String)

    /// The command list, for usage answers.
    static let summary = "Commands: /tickets, /close {ticket_id}, /bot {chat_id}, /ban {chat_id}, /unban {chat_id}"

    /// The command `text` is, or nil when it is none of them (a "@bot" suffix is allowed).
    static func parse(_ text: String) -> OperatorCommand? {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        guard let first = words.first, first.hasPrefix("/") else { return nil }
        let name = first.dropFirst().prefix { $0 != "@" }.lowercased()
        let argument = words.dropFirst().first
        let extra = words.count > 2
        switch name {
        case "tickets":
            return .tickets
        case "close":
            guard let argument, !extra, let id = Int64(argument.trimmingPrefix("#")), id > 0 else {
                return .usage("Usage: /close {ticket_id}, for example /close 42")
            }
            return .close(ticketID: id)
        case "bot", "ban", "unban":
            var chatID: String?
            if let argument {
                guard !extra, let parsed = ChatReference.parse(argument) else {
                    return .usage("Usage: /\(name) {chat_id}: a Telegram chat id (a number) or a web-… id")
                }
                chatID = parsed
            }
            return name == "bot" ? .bot(chatID: chatID) : name == "ban" ? .ban(chatID: chatID) : .unban(chatID: chatID)
        default:
            return nil
        }
    }
}
