/// Everything the double remembers, behind one lock.
struct DoubleState {
    /// An update waiting for getUpdates or for webhook delivery.
    struct PendingUpdate {
        var id: Int64
        var json: String
        /// The chat it belongs to: webhook deliveries of one chat go one at a time, in order.
        var chatID: Int64 = 0
    }

    /// Updates not yet confirmed (polling) or not yet delivered (webhook), in order.
    var updates: [PendingUpdate] = []
    /// Every update ever enqueued, by id (its fields), for duplicate deliveries.
    var history: [Int64: String] = [:]
    /// Webhook deliveries that failed (non-2xx or no answer).
    var failedDeliveries = 0
    /// Updates being delivered to the webhook now, and their chats.
    var deliveringIDs: Set<Int64> = []
    /// Their chats.
    var deliveringChats: Set<Int64> = []
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
    /// How long the next sends to a chat take to arrive, oldest first.
    var arrivalDelays: [Int64: [Duration]] = [:]
    /// The callback query ids answered.
    var answeredCallbacks: [String] = []
    /// sendChatAction calls, in order.
    var chatActions: [ChatAction] = []
    /// The `offset` of every getUpdates call, in order.
    var pollOffsets: [Int64?] = []
    /// How many times setWebhook and deleteWebhook were called.
    var setWebhookCalls = 0
    /// deleteWebhook calls.
    var deleteWebhookCalls = 0
    /// The enforcer of the limits.
    var flood: FloodCheck
    /// Chats that are forum supergroups (topics enabled).
    var forums: Set<Int64> = []
    /// The live topics of each forum: thread id → name.
    var topics: [Int64: [Int64: String]] = [:]
    /// Every topic ever created, in order (deleted ones included).
    var createdTopics: [ForumTopic] = []

    /// Starts with no sends recorded.
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

    /// Takes the arrival delay of the next send to `chatID`, if one was injected.
    mutating func takeArrivalDelay(chatID: Int64) -> Duration? {
        guard var queue = arrivalDelays[chatID], !queue.isEmpty else { return nil }
        let delay = queue.removeFirst()
        arrivalDelays[chatID] = queue
        return delay
    }

    /// The next update to deliver to the webhook: the oldest of a chat with nothing in
    /// flight, while fewer than `limit` are in flight. Marks it in flight.
    mutating func nextDelivery(limit: Int) -> (WebhookSettings, PendingUpdate)? {
        guard let webhook, deliveringIDs.count < limit else { return nil }
        var seenChats: Set<Int64> = []
        for update in updates {
            let isFirstOfChat = seenChats.insert(update.chatID).inserted
            guard isFirstOfChat, !deliveringChats.contains(update.chatID) else { continue }
            deliveringIDs.insert(update.id)
            deliveringChats.insert(update.chatID)
            return (webhook, update)
        }
        return nil
    }

    /// Records the end of a delivery: a delivered update is gone, a failed one stays first in line.
    mutating func finishDelivery(_ update: PendingUpdate, delivered: Bool) {
        deliveringIDs.remove(update.id)
        deliveringChats.remove(update.chatID)
        if delivered {
            if let index = updates.firstIndex(where: { $0.id == update.id }) { updates.remove(at: index) }
        } else {
            failedDeliveries += 1
        }
    }

    /// createForumTopic: a new topic's thread id (the id of its first, service message), or
    /// nil when the chat is not a forum.
    mutating func createTopic(in chatID: Int64, name: String) -> Int64? {
        guard forums.contains(chatID) else { return nil }
        let threadID = makeMessageID(in: chatID)
        topics[chatID, default: [:]][threadID] = name
        createdTopics.append(ForumTopic(chatID: chatID, threadID: threadID, name: name))
        return threadID
    }

    /// Whether a send to `threadID` of `chatID` finds its topic: always outside forums (the
    /// id is ignored there), and in forums only while the topic lives.
    func threadExists(_ threadID: Int64?, in chatID: Int64) -> Bool {
        guard let threadID, forums.contains(chatID) else { return true }
        return topics[chatID]?[threadID] != nil
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
    /// The webhook's address.
    public var url: String
    /// The secret Telegram sends back in a header.
    public var secretToken: String?
    /// The update kinds wanted.
    public var allowedUpdates: [String]?
}
