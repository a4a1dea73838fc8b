/// Everything the double remembers, behind one lock.
struct DoubleState {
    /// An update waiting for getUpdates or for webhook delivery.
    struct PendingUpdate {
        var id: Int64
        var json: String
    }

    /// Updates not yet confirmed (polling) or not yet delivered (webhook), in order.
    var updates: [PendingUpdate] = []
    /// Every update ever enqueued, by id (its fields), for duplicate deliveries.
    var history: [Int64: String] = [:]
    /// Webhook deliveries that failed (non-2xx or no answer).
    var failedDeliveries = 0
    /// The id the next update gets.
    var nextUpdateID: Int64 = 1000
    /// The webhook, when one is set.
    var webhook: WebhookSettings?
    /// Everything accepted from the bot.
    var sent: [SentMessage] = []
    /// The next message id per chat.
    var nextMessageID: [Int64: Int64] = [:]
    /// Sends refused for breaking a limit.
    var violations: [String] = []
    /// Failures to answer with, per chat (0 = any chat), per method, oldest first.
    var failures: [String: [InjectedFailure]] = [:]
    /// The callback query ids answered.
    var answeredCallbacks: [String] = []
    /// The `offset` of every getUpdates call, in order.
    var pollOffsets: [Int64?] = []
    /// How many times setWebhook and deleteWebhook were called.
    var setWebhookCalls = 0
    var deleteWebhookCalls = 0
    /// The enforcer of the limits.
    var flood: FloodCheck

    init(limits: DoubleLimits) { flood = FloodCheck(limits: limits) }

    /// The key of the failure queue for a chat and a method.
    static func failureKey(chatID: Int64, method: String) -> String { "\(chatID)/\(method)" }

    /// Takes the next injected failure for this call, if any.
    mutating func takeFailure(chatID: Int64, method: String) -> InjectedFailure? {
        for key in [Self.failureKey(chatID: chatID, method: method), Self.failureKey(chatID: 0, method: method)] {
            if var queue = failures[key], !queue.isEmpty {
                let failure = queue.removeFirst()
                failures[key] = queue
                return failure
            }
        }
        return nil
    }

    /// A new message id in `chatID`.
    mutating func makeMessageID(in chatID: Int64) -> Int64 {
        let id = nextMessageID[chatID, default: 1]
        nextMessageID[chatID] = id + 1
        return id
    }
}

/// The webhook as setWebhook left it.
public struct WebhookSettings: Sendable, Equatable {
    public var url: String
    public var secretToken: String?
    public var allowedUpdates: [String]?
}
