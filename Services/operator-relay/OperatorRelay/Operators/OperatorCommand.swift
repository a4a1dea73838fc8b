import Catalog
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

    /// The command `text` is, or nil when it is none of them (a "@bot" suffix is allowed).
    /// Usage lines are in `texts`' language (`OPERATOR_LANGUAGE`).
    static func parse(_ text: String, texts: Texts = .of(.en)) -> OperatorCommand? {
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
                return .usage(texts.text(.usageClose))
            }
            return .close(ticketID: id)
        case "bot", "ban", "unban":
            var chatID: String?
            if let argument {
                guard !extra, let parsed = ChatReference.parse(argument) else {
                    return .usage(texts.text(.usageChatCommand, ["command": String(name)]))
                }
                chatID = parsed
            }
            return name == "bot" ? .bot(chatID: chatID) : name == "ban" ? .ban(chatID: chatID) : .unban(chatID: chatID)
        default:
            return nil
        }
    }
}
