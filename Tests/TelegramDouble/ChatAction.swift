/// One sendChatAction the double accepted ("typing…" shown to the user).
public struct ChatAction: Sendable, Equatable {
    /// The chat it was shown in.
    public var chatID: Int64
    /// "typing", "upload_photo"…
    public var action: String
    /// When the double accepted it.
    public var time: ContinuousClock.Instant
}
