import Config
import DeskProtocol
import Redis
import TelegramOutbox

/// Where a user chat's posts go in the operator chat.
enum Placement: Sendable, Hashable {
    /// The operator chat itself (a person, a plain group, or a forum that refused topics).
    case flat
    /// The user's own forum topic; `generation` counts the topics the chat has had.
    case topic(threadID: Int64, generation: Int)
}

/// One forum topic per user chat when the operator chat is a forum supergroup.
///
/// Per user chat a Redis hash holds `thread` (once Telegram made it), `gen` (bumped each
/// time a topic is lost) and `lease` (a creation in progress, until this Redis time). One
/// script decides atomically who creates a topic: the first caller takes the lease and
/// queues createForumTopic (its id carries the generation, so a repeat is dropped by the
/// outbox), every other caller waits for the receipt to fill in `thread`; two first
/// messages at once, on one relay or two, make one topic. A topic an operator deleted is
/// dropped when a send into it is refused, and the next post creates the next generation.
/// Whether the chat is a forum is learned from Telegram: a refused createForumTopic turns
/// the relay flat for `RelayOptions.flatModeLifetime`.
struct ForumTopics: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// The relay's keys.
    let keys: DeskRedisNames
    /// The operator chat.
    let operatorChatID: Int64
    /// Where createForumTopic goes.
    let outbox: TelegramOutbox
    /// Timings.
    let options: RelayOptions

    /// ready/flat/create/wait, the generation, and the thread when ready.
    static let resolveScript = """
        local thread = redis.call('HGET', KEYS[1], 'thread')
        local gen = redis.call('HGET', KEYS[1], 'gen') or '0'
        if thread then return {'ready', gen, thread} end
        if redis.call('EXISTS', KEYS[2]) == 1 then return {'flat', gen, '0'} end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        if tonumber(redis.call('HGET', KEYS[1], 'lease') or '0') > now then return {'wait', gen, '0'} end
        redis.call('HSET', KEYS[1], 'lease', now + tonumber(ARGV[1]))
        return {'create', gen, '0'}
        """

    /// Where `chatID`'s posts go, creating its topic when it has none (waiting up to
    /// `topicWait` for Telegram's answer). Throws `RelayError.topicUnavailable` past that.
    func placement(for chatID: String, name: String) async throws -> Placement {
        guard operatorChatID < 0 else { return .flat }  // a person's chat has no topics
        let deadline = ContinuousClock.now + options.topicWait
        while true {
            let reply = try await redis.send(
                "EVAL", RedisArgument(Self.resolveScript), "2",
                RedisArgument(keys.topic(operatorChat: operatorChatID, chatID: chatID)),
                RedisArgument(keys.forumFlag(operatorChat: operatorChatID)),
                RedisArgument(options.topicLease.inMilliseconds))
            let parts = (reply.arrayValue ?? []).map { $0.text ?? "" }
            guard parts.count == 3, let generation = Int(parts[1]), let thread = Int64(parts[2]) else {
                throw RelayError.unexpected("topic script answered \(reply)")
            }
            switch parts[0] {
            case "ready": return .topic(threadID: thread, generation: generation)
            case "flat": return .flat
            case "create": try await requestTopic(for: chatID, name: name, generation: generation)
            default: break
            }
            guard ContinuousClock.now < deadline else { throw RelayError.topicUnavailable(chatID) }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The topic `chatID` has now, without creating one.
    func existingPlacement(for chatID: String) async throws -> Placement {
        let reply = try await redis.send(
            "HMGET", RedisArgument(keys.topic(operatorChat: operatorChatID, chatID: chatID)), "thread", "gen")
        let values = reply.arrayValue ?? []
        guard let thread = values.first?.text.flatMap({ Int64($0) }) else { return .flat }
        return .topic(threadID: thread, generation: values.dropFirst().first?.text.flatMap { Int($0) } ?? 0)
    }

    /// The user chat whose topic `threadID` is.
    func chat(ofThread threadID: Int64) async throws -> String? {
        try await redis.get(RedisArgument(keys.topicChat(operatorChat: operatorChatID, threadID: threadID)))
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// Queues createForumTopic; the receipt comes back to the relay (`created`/`refused`).
    private func requestTopic(for chatID: String, name: String, generation: Int) async throws {
        let title = String("\(name) · \(chatID)".prefix(128))
        try await outbox.enqueue(
            SendRequest(
                id: "relay:topic:\(operatorChatID):\(chatID):g\(generation)", method: .createForumTopic,
                chatID: operatorChatID, topicName: title, receiptStream: keys.relayReceipts,
                context: [
                    ReceiptContext.kind: ReceiptContext.topic, ReceiptContext.chat: chatID,
                    ReceiptContext.generation: String(generation),
                ]))
    }

    /// Records the topic Telegram made, unless it belongs to a generation already given up.
    static let createdScript = """
        if (redis.call('HGET', KEYS[1], 'gen') or '0') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'thread', ARGV[2])
        redis.call('HDEL', KEYS[1], 'lease')
        redis.call('SET', KEYS[2], ARGV[3])
        return 1
        """

    /// Telegram made topic `threadID` for `chatID`.
    func created(_ threadID: Int64, for chatID: String, generation: Int) async throws {
        _ = try await redis.send(
            "EVAL", RedisArgument(Self.createdScript), "2",
            RedisArgument(keys.topic(operatorChat: operatorChatID, chatID: chatID)),
            RedisArgument(keys.topicChat(operatorChat: operatorChatID, threadID: threadID)),
            RedisArgument(generation), RedisArgument(String(threadID)), RedisArgument(chatID))
    }

    /// Turns the relay flat for a while and gives up the refused generation.
    static let refusedScript = """
        redis.call('SET', KEYS[2], 'no', 'EX', ARGV[2])
        if (redis.call('HGET', KEYS[1], 'gen') or '0') ~= ARGV[1] then return 0 end
        redis.call('HDEL', KEYS[1], 'lease')
        redis.call('HINCRBY', KEYS[1], 'gen', 1)
        return 1
        """

    /// Telegram refused to make a topic (not a forum, no right to manage topics): posts go
    /// to the chat itself for `flatModeLifetime`; the next try is a new generation.
    func refused(for chatID: String, generation: Int) async throws {
        _ = try await redis.send(
            "EVAL", RedisArgument(Self.refusedScript), "2",
            RedisArgument(keys.topic(operatorChat: operatorChatID, chatID: chatID)),
            RedisArgument(keys.forumFlag(operatorChat: operatorChatID)), RedisArgument(generation),
            RedisArgument(options.flatModeLifetime.inWholeSeconds))
    }

    /// Drops the topic if it is still `threadID` (an operator deleted it).
    static let lostScript = """
        if redis.call('HGET', KEYS[1], 'thread') ~= ARGV[1] then return 0 end
        redis.call('HDEL', KEYS[1], 'thread', 'lease')
        redis.call('HINCRBY', KEYS[1], 'gen', 1)
        redis.call('DEL', KEYS[2])
        return 1
        """

    /// A send into `threadID` was refused: the topic is gone; the next post makes another.
    func lost(_ threadID: Int64, of chatID: String) async throws {
        _ = try await redis.send(
            "EVAL", RedisArgument(Self.lostScript), "2",
            RedisArgument(keys.topic(operatorChat: operatorChatID, chatID: chatID)),
            RedisArgument(keys.topicChat(operatorChat: operatorChatID, threadID: threadID)),
            RedisArgument(String(threadID)))
    }
}
