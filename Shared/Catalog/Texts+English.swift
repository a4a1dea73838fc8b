extension Catalogue {
    /// English: the wording of CONTRACT §4.
    static let english: [TextKey: String] = [
        .greeting:
            "Hello! I am the support bot: ask me a question and I will answer it. To talk to a person, press "
            + "the button below; press it again to go back to the bot.",
        .adminGreeting: "Hello! I am the Admin Bot. I will notify you when there are new questions that need support.",
        .operatorButton: "Connect/disconnect operator",
        .operatorConnected: "Operator connected to the dialog",
        .operatorDisconnected: "Operator disconnected from the dialog",
        .connectionError: "Connection error, please try again later",
        .processingError: "Processing error",
        .textOnly: "Sorry, I understand only text messages for now.",
        .automaticAnswer: "🤖 Automatic answer:\n{answer}",
        .confidence: "(Confidence: {percent}%)",
        .ticketNotice:
            "📝 Your request is registered!\n\nTicket: #{ticket_id}\nCategory: {category}\nPriority: {priority}\n"
            + "Department: {department}\n\nA specialist will answer soon.",
        .operatorReply: "Operator reply: {answer}",

        .webConnected: "Connected to the support desk",
        .webUnreachable: "The support desk is unreachable right now. Please try again later.",
        .webProcessingError: "The support desk could not process your message. Please try again later.",
        .webSlowDown: "Too many messages; please slow down.",
        .webAddressBusy: "Too many messages from your network right now; please try again in a moment.",
        .webContactAddressBusy: "Too many requests for an operator from your network right now; please try again later.",
        .webBusy: "Still answering your previous messages; please wait.",
        .webBinaryRefused: "binary messages are not supported; send JSON text",
        .webContactReceived: "Your request has been received. An operator will contact you soon.",
        .webContactAlreadyRequested: "Your request was sent a moment ago; an operator will contact you soon.",

        .editedMark: "(edited)",
        .invalidOperatorFormat: "Invalid format. Use 'chat_id: message' or reply to a user's message.",
        .messageFromUser: "Message from user {chat_id} ({name})",
        .handoffHint: "Reply in the format chat_id: answer",
        .historyUnavailable: "(history unavailable)",
        .historyEmpty: "(no earlier messages)",
        .senderUser: "User",
        .senderBot: "Bot",
        .senderOperator: "Operator",
        .escalation: "⚠️ Question needs handling:\n\nFrom: {name}\nQuestion: {question}\n\nCurrent answer: {response}",
        .escalationChat: "Chat: {chat_id}. Reply to this message, or write '{chat_id}: answer'.",
        .unknownUser: "Unknown user",
        .webVisitor: "web visitor",
        .answerEmpty: "The answer is empty: nothing was sent to {chat_id}.",
        .unknownChat: "Unknown chat {chat_id}: the desk has no conversation with it. Nothing was sent.",
        .webTextOnly: "Web visitors get text only: send the answer to {chat_id} as text.",
        .notAChatID:
            "'{chat_id}' is not a chat id: use the Telegram chat id (a number) or a web-… id, as in '123456: your answer'.",
        .telegramOff: "Telegram is off: the answer to {chat_id} was not sent.",
        .answerToBlockedUser:
            "User {chat_id} has blocked the bot: the answer is kept in the history but was not delivered.",
        .userBlockedBot: "User {chat_id} ({name}) has blocked the bot: nothing reaches them until they write again.",
        .notDelivered: "Not delivered to {chat_id}: {reason}",

        .commandList: "Commands: /tickets, /close {ticket_id}, /bot {chat_id}, /ban {chat_id}, /unban {chat_id}",
        .usageClose: "Usage: /close {ticket_id}, for example /close 42",
        .usageChatCommand: "Usage: /{command} {chat_id}: a Telegram chat id (a number) or a web-… id",
        .usageShort: "Usage: /{command} {chat_id}",
        .banned: "User {chat_id} is banned: their messages no longer reach operators (/unban {chat_id} to undo).",
        .alreadyBanned: "User {chat_id} was banned already.",
        .unbanned: "User {chat_id} is unbanned: their messages reach operators again.",
        .notBanned: "User {chat_id} was not banned.",
        .noOpenTickets: "No open tickets.",
        .openTickets: "Open tickets:",
        .ticketLine: "#{id} [{status}] {category} · {priority} · {department} · chat {chat_id}",
        .ticketClosed: "Ticket #{id} closed.",
        .noTicket: "No ticket #{id}.",
        .backToBot: "Chat {chat_id} is back with the bot.",
        .deskUnavailable: "ingest-api is unavailable; try again in a moment.",
        .deskRefused: "ingest-api refused: {reason}",
    ]
}
