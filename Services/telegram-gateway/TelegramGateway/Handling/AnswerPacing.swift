/// How the gateway shows an answer that takes time (a model may need 5–30 s): "typing…"
/// while it is being made, a draft that grows by edits when it is streamed, and how long to
/// wait for an answer another attempt is still making.
public struct AnswerPacing: Sendable {
    /// Telegram shows "typing…" for about 5 s after sendChatAction: renewed a little sooner.
    public var typingInterval: Duration = .seconds(4)
    /// No "typing…" for answers quicker than this (a FAQ hit takes milliseconds): it would
    /// only cost a Bot API call.
    public var typingDelay: Duration = .milliseconds(500)
    /// The least time between two versions of a growing answer: about one edit a second,
    /// Telegram's limit per chat. An answer complete within it is sent once, never drafted.
    public var draftInterval: Duration = .seconds(1)
    /// How long to keep asking for an answer that is still being made under the update's
    /// idempotency key (409 in_progress: an earlier attempt's, e.g. before a restart).
    public var patience: Duration = .seconds(180)
    /// The pause between those asks.
    public var pollInterval: Duration = .seconds(2)

    /// The production pacing.
    public init() {}
}
