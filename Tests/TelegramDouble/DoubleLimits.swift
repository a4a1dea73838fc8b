/// The flood limits the double enforces (Telegram's by default): a send that breaks one
/// is refused with 429 and recorded as a violation, for tests to assert there were none.
public struct DoubleLimits: Sendable {
    /// Sends to all chats together within `globalWindow`.
    public var globalCount = 30
    /// The window of the global count.
    public var globalWindow: Duration = .seconds(1)
    /// The least time between two sends to one private chat; zero lifts the limit (benchmarks).
    public var privateInterval: Duration = .seconds(1)
    /// Sends to one group within `groupWindow`.
    public var groupCount = 20
    /// The window of the group count.
    public var groupWindow: Duration = .seconds(60)

    /// Telegram's limits.
    public init() {}
}

/// Checks each send against the limits, over the sends accepted so far.
struct FloodCheck {
    /// The flood limits.
    let limits: DoubleLimits
    /// Accepted send times per chat, and for all chats.
    private var perChat: [Int64: [ContinuousClock.Instant]] = [:]
    /// Accepted send times, all chats.
    private var all: [ContinuousClock.Instant] = []

    /// Starts with no sends recorded.
    init(limits: DoubleLimits) { self.limits = limits }

    /// Nil when a send to `chatID` at `now` keeps the limits (and records it), else the
    /// broken limit and the seconds until it would be kept.
    mutating func admit(chatID: Int64, at now: ContinuousClock.Instant) -> (reason: String, retryAfter: Int)? {
        all.removeAll { now - $0 >= max(limits.globalWindow, .zero) }
        if all.count >= limits.globalCount, let oldest = all.first {
            return (
                "global: \(all.count) sends within \(limits.globalWindow)",
                Self.seconds(limits.globalWindow - (now - oldest))
            )
        }
        var times = perChat[chatID] ?? []
        if chatID < 0 {
            times.removeAll { now - $0 >= limits.groupWindow }
            if times.count >= limits.groupCount, let oldest = times.first {
                return (
                    "group \(chatID): \(times.count) sends within \(limits.groupWindow)",
                    Self.seconds(limits.groupWindow - (now - oldest))
                )
            }
        } else if let last = times.last, now - last < limits.privateInterval {
            return (
                "chat \(chatID): \(now - last) after the previous send",
                Self.seconds(limits.privateInterval - (now - last))
            )
        }
        times.append(now)
        perChat[chatID] = chatID < 0 ? times : [now]
        all.append(now)
        return nil
    }

    /// Whole seconds, at least one, as Telegram's retry_after.
    private static func seconds(_ duration: Duration) -> Int {
        max(1, Int(duration.components.seconds) + (duration.components.attoseconds > 0 ? 1 : 0))
    }
}
