/// The name of each text of the catalogue. Every language has a text for every key, with
/// the same placeholders (`CatalogueTests`).
public enum TextKey: String, Sendable, CaseIterable {
    // What users read in Telegram (CONTRACT §4).

    /// The answer to /start: what the bot does, that the button calls a person and that
    /// pressing it again ends that.
    case greeting
    /// The answer to /start from an admin (`ADMIN_USER_IDS`): what the admin bot does.
    case adminGreeting
    /// The one button of the reply keyboard.
    case operatorButton
    /// To the user when an operator takes the chat.
    case operatorConnected
    /// To the user when the chat goes back to the bot.
    case operatorDisconnected
    /// ingest-api could not be reached (or timed out twice).
    case connectionError
    /// ingest-api answered something unusable.
    case processingError
    /// A photo, sticker or file in bot mode.
    case textOnly
    /// The automatic answer: {answer}.
    case automaticAnswer
    /// The line after an automatic answer: {percent}.
    case confidence
    /// The ticket notice: {ticket_id}, {category}, {priority}, {department}.
    case ticketNotice
    /// An operator's answer as the user sees it: {answer}.
    case operatorReply

    // What web visitors read from the hub itself (CONTRACT §6).

    /// The greeting of `connection_established`.
    case webConnected
    /// The desk cannot be reached.
    case webUnreachable
    /// The desk answered something the hub cannot show.
    case webProcessingError
    /// The visitor's own message limit was hit.
    case webSlowDown
    /// The ceiling of the visitor's address was hit.
    case webAddressBusy
    case webContactAddressBusy
    /// Too many messages wait for their answers already.
    case webBusy
    /// A binary frame (neither dialect has them).
    case webBinaryRefused
    /// The acknowledgement of a contact request.
    case webContactReceived
    /// A contact request too soon after the previous ones.
    case webContactAlreadyRequested

    // What operators and admins read (`OPERATOR_LANGUAGE`).

    /// Marks an edited message.
    case editedMark
    /// Anything in the operator chat that is neither a reply nor "chat_id: answer".
    case invalidOperatorFormat
    /// The head of a handed-off or forwarded message: {chat_id}, {name}.
    case messageFromUser
    /// The last line of the hand-off: how to answer.
    case handoffHint
    /// The hand-off when the history could not be read.
    case historyUnavailable
    /// The hand-off of a chat without history.
    case historyEmpty
    /// Who wrote a history line: the user.
    case senderUser
    /// Who wrote a history line: the bot.
    case senderBot
    /// Who wrote a history line: an operator.
    case senderOperator
    /// The escalation alert to admins (HTML): {name}, {question}, {response}.
    case escalation
    /// After the alert, when the user can be answered: {chat_id}.
    case escalationChat
    /// The name of a user the desk knows nothing of.
    case unknownUser
    /// The name of a web visitor who gave none.
    case webVisitor
    /// An empty operator answer: {chat_id}.
    case answerEmpty
    /// An answer to a chat id the desk never saw: {chat_id}.
    case unknownChat
    /// Media for a web visitor: {chat_id}.
    case webTextOnly
    /// Something that is not a chat id where one is needed: {chat_id}.
    case notAChatID
    /// An answer while the Telegram side is off: {chat_id}.
    case telegramOff
    /// An answer to a user who blocked the bot: {chat_id}.
    case answerToBlockedUser
    /// A user blocked the bot: {chat_id}, {name}.
    case userBlockedBot
    /// Telegram refused a send: {chat_id}, {reason}.
    case notDelivered

    // Operator commands' answers (`OPERATOR_LANGUAGE`). "{ticket_id}" and "{chat_id}" in a
    // usage line are the command's syntax, shown as they are.

    /// The command list after a usage line.
    case commandList
    /// /close without a ticket id.
    case usageClose
    /// /bot, /ban, /unban with a bad chat id: {command}.
    case usageChatCommand
    /// /bot, /ban, /unban without a chat id outside a topic: {command}.
    case usageShort
    /// /ban done: {chat_id}.
    case banned
    /// /ban of a banned chat: {chat_id}.
    case alreadyBanned
    /// /unban done: {chat_id}.
    case unbanned
    /// /unban of a chat that was not banned: {chat_id}.
    case notBanned
    /// /tickets with none open.
    case noOpenTickets
    /// The head of the /tickets list.
    case openTickets
    /// One ticket of the list: {id}, {status}, {category}, {priority}, {department}, {chat_id}.
    case ticketLine
    /// /close done: {id}.
    case ticketClosed
    /// /close of an unknown ticket: {id}.
    case noTicket
    /// /bot done: {chat_id}.
    case backToBot
    /// ingest-api could not be reached for a command.
    case deskUnavailable
    /// ingest-api refused a command: {reason}.
    case deskRefused
}
