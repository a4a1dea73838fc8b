import Domain

/// A message to store in a chat's history.
struct NewMessage: Sendable {
    /// The chat.
    var chatID: String
    /// telegram, web or api: recorded on a chat the first time it is seen.
    var channel: Channel
    /// "in" from the user, "out" to the user.
    var direction: ChatMessage.Direction
    /// Who wrote it.
    var sender: ChatMessage.Sender
    /// The text.
    var text: String
    /// The writer of an incoming message, when the client said who it is.
    var user: ChatUser?
    /// The language of the text, remembered for the user.
    var language: String?
    /// Whether the message joins the chat's ticket if one is not closed (messages
    /// relayed during a human conversation); POST /api/ingest attaches only what it
    /// escalates.
    var joinsOpenTicket: Bool
}

/// A stored message and the session it belongs to.
struct StoredMessage: Sendable {
    /// The message as stored.
    var message: ChatMessage
    /// The session of the question.
    var sessionID: String
    /// The ticket it joined, if it joined one.
    var ticketID: Int64?
}
