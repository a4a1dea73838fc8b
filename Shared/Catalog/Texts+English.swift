extension Texts {
    /// English, the wording of CONTRACT §4.
    static let english = Texts(
        greeting: "Hello! I am the support bot: ask me a question and I will answer it. "
            + "To talk to a person, press the button below.",
        operatorButton: "Connect/disconnect operator",
        operatorConnected: "Operator connected to the dialog",
        operatorDisconnected: "Operator disconnected from the dialog",
        connectionError: "Connection error, please try again later",
        processingError: "Processing error",
        textOnly: "Sorry, I understand only text messages for now.",
        editedMark: "(edited)",
        invalidOperatorFormat: "Invalid format. Use 'chat_id: message' or reply to a user's message.",
        automaticAnswer: { answer, confidence in
            "🤖 Automatic answer:\n\(answer)" + (confidence.map { "\n(Confidence: \($0)%)" } ?? "")
        },
        ticketNotice: { ticketID, category, priority, department in
            "📝 Your request is registered!\n\nTicket: #\(ticketID)\nCategory: \(category)\nPriority: \(priority)\n"
                + "Department: \(department)\n\nA specialist will answer soon."
        },
        messageFromUser: { chatID, name in "Message from user \(chatID) (\(name))" },
        operatorReply: { answer in "Operator reply: \(answer)" },
        escalation: { name, message, response in
            "⚠️ Question needs handling:\n\nFrom: \(name)\nQuestion: \(message)\n\nCurrent answer: \(response)"
        },
        escalationChat: { chatID in "Chat: \(chatID). Reply to this message, or write '\(chatID): answer'." })
}
