/// The `context` keys of the relay's sends, returned in their receipts so the relay knows
/// what each delivered (or refused) message was about.
enum ReceiptContext {
    /// What the send was: one of the values below.
    static let kind = "kind"
    /// createForumTopic for a user chat.
    static let topic = "topic"
    /// A post in the operator chat about a user chat (hand-off, forwarded message, notice).
    static let post = "post"
    /// An operator's answer to a user.
    static let answer = "answer"
    /// An escalation alert in an admin's chat (its message ids then answer to the user).
    static let alert = "alert"

    /// The user chat concerned.
    static let chat = "chat"
    /// The user's name (to name a recreated topic).
    static let name = "name"
    /// createForumTopic: the topic generation.
    static let generation = "gen"
    /// A post: the forum topic it went to.
    static let thread = "thread"
    /// A post: the request without its topic, as JSON, to send again into a new topic.
    static let resend = "resend"
    /// An answer: the operator's message it came from, and its topic, for a refusal notice.
    static let operatorMessage = "operator_message"
    /// An answer: the topic the operator wrote in.
    static let operatorThread = "operator_thread"
    /// An answer: the chat the operator wrote in, when not the operator chat (an admin's).
    static let operatorChat = "operator_chat"
}
