import DeskProtocol
import Foundation

/// The relay's tunables beyond CONTRACT §2: timings and sizes, all with production
/// defaults; tests shorten them so the suite runs in seconds.
public struct RelayOptions: Sendable {
    /// Where the relay's Redis keys live.
    public var keys = DeskRedisNames()
    /// This instance's name in the streams' consumer groups and on its event leases; stable
    /// per host and port, so a restarted instance resumes its own unfinished work at once.
    public var instanceName: String
    /// A pending stream entry idle this long belongs to a dead instance and is taken over.
    public var claimIdle: Duration = .seconds(60)
    /// An input entry whose handling fails this many times (not counting outages) while
    /// others get through is parked in the dead-letter store (`DeadLetters`).
    public var deadLetterAfter = 5
    /// The first pause between tries of a failing entry, doubling up to 5 s.
    public var firstRetryPause: Duration = .milliseconds(500)
    /// How long a relay may hold an event before another presumes it dead and takes over:
    /// longer than a hand-off may wait for its topic, so a live holder is never overtaken.
    public var eventLease: Duration = .seconds(120)
    /// How many history messages the handoff shows.
    public var historyCount = 10
    /// How long an operator-chat message keeps answering to its user chat: long enough for
    /// any conversation, short enough that Redis does not keep every message forever.
    public var originLifetime: Duration = .seconds(30 * 86_400)
    /// How long a message waits for its user's forum topic to be created (the gateway sends
    /// createForumTopic under the group's limit of 20 a minute, so a burst of new users waits).
    public var topicWait: Duration = .seconds(90)
    /// A topic creation unanswered this long is tried again (the creator died).
    public var topicLease: Duration = .seconds(30)
    /// How long Telegram's "not a forum" answer is believed before topics are tried again.
    public var flatModeLifetime: Duration = .seconds(3600)
    /// How long a `mode_changed` event for a Telegram chat whose name is unknown waits for
    /// the gateway's own hand-over (which carries the name) before posting without it.
    public var handoffNameWait: Duration = .seconds(2)
    /// How long an operator's reply to a message not known yet waits for its receipt (the
    /// mapping is written when the gateway reports the forwarded message sent).
    public var originWait: Duration = .seconds(3)
    /// The pause before a failed event is tried again (Redis or ingest-api down).
    public var retryPause: Duration = .seconds(1)
    /// How long one ingest-api call may take.
    public var ingestTimeout: Duration = .seconds(5)
    /// How long the consumers get to finish what they hold on shutdown.
    public var shutdownGrace: Duration = .seconds(5)

    /// The defaults; `instanceName` from the host name and `port`.
    public init(port: Int) {
        instanceName = "relay-\(ProcessInfo.processInfo.hostName):\(port)"
    }
}
