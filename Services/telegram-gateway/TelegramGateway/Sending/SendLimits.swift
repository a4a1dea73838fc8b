/// Telegram's flood limits, kept by every gateway instance together (CONTRACT §4).
public struct SendLimits: Sendable {
    /// Messages to all chats together per `globalWindow`: Telegram allows about 30 a second.
    public var globalCount = 30
    /// The window of the global limit.
    public var globalWindow: Duration = .seconds(1)
    /// Messages to one private chat per `privateWindow`: one a second.
    public var privateCount = 1
    /// The window of the private-chat limit.
    public var privateWindow: Duration = .seconds(1)
    /// Messages to one group per `groupWindow`: twenty a minute.
    public var groupCount = 20
    /// The window of the group limit.
    public var groupWindow: Duration = .seconds(60)
    /// Added to every window: the time between our decision and Telegram's receipt varies
    /// by a few milliseconds per request, so two sends spaced exactly one window apart
    /// could arrive closer than that.
    public var margin: Duration = .milliseconds(50)

    /// Telegram's published limits.
    public init() {}

    /// The count and window (margin included, in milliseconds) for a chat.
    func chatLimit(isGroup: Bool) -> (count: Int, windowMilliseconds: Int) {
        isGroup
            ? (groupCount, Self.milliseconds(groupWindow + margin))
            : (privateCount, Self.milliseconds(privateWindow + margin))
    }

    /// The global count and window in milliseconds, margin included.
    var globalLimit: (count: Int, windowMilliseconds: Int) { (globalCount, Self.milliseconds(globalWindow + margin)) }

    /// Whole milliseconds of a duration.
    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
