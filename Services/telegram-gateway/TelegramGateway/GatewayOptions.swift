import DeskProtocol
import Foundation

/// The gateway's tunables beyond CONTRACT §2: timings and limits, all with production
/// defaults; tests shorten them so the suite runs in seconds.
public struct GatewayOptions: Sendable {
    /// Where the gateway's Redis keys live.
    public var keys = DeskRedisNames()
    /// This instance's consumer name in the streams' groups; stable per host and port, so a
    /// restarted instance picks up its own unfinished work at once.
    public var instanceName: String
    /// Telegram's flood limits.
    public var limits = SendLimits()
    /// Retries of sends (and polls) that failed for a passing reason.
    public var backoff = RetryBackoff()
    /// CONTRACT §4: a time-out of ingest-api is retried after 5 s.
    public var ingestRetryDelay: Duration = .seconds(5)
    /// How long ingest-api may take to start answering (the head of its streamed answer,
    /// sent once the question is stored; the answer itself may take as long as the model).
    public var ingestTimeout: Duration = .seconds(5)
    /// How a slow answer is shown: typing, a growing draft, patience with a retry.
    public var answerPacing = AnswerPacing()
    /// How long one Bot API call may take (long polls add their own wait).
    public var telegramTimeout: Duration = .seconds(15)
    /// A pending update or send idle this long belongs to a dead instance and is taken over.
    public var claimIdle: Duration = .seconds(60)
    /// Telegram's length limit, lowered by tests of the split.
    public var splitLimit = 4096
    /// How long the sender and the workers get to finish on shutdown.
    public var shutdownGrace: Duration = .seconds(5)

    /// The defaults; `instanceName` from the host name and `port`.
    public init(port: Int) {
        instanceName = "\(ProcessInfo.processInfo.hostName):\(port)"
    }
}
