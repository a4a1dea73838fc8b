import ChatState
import Events
import HTTPServer
import IngestClient
import Logging
import Redis
import TelegramOutbox

/// What handling needs, built once in `OperatorRelayApp`.
struct RelayContext: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// The relay's keys.
    let keys: RelayKeys
    /// Timings and sizes.
    let options: RelayOptions
    /// The only way to Telegram (the gateway sends).
    let outbox: TelegramOutbox
    /// ingest-api: history, storing answers, tickets, modes.
    let ingest: IngestClient
    /// Each chat's mode.
    let modes: ChatModeStore
    /// Chats that blocked the bot.
    let blocked: BlockedChats
    /// Operator replies to web visitors.
    let visitors: VisitorChannel
    /// The operator chat, when set (OPERATOR_CHAT_ID).
    let operatorChatID: Int64?
    /// Who gets escalation alerts (ADMIN_USER_IDS).
    let adminUserIDs: [Int64]
    /// False without TELEGRAM_TOKEN: nothing is queued for Telegram then.
    let isTelegramOn: Bool
    /// Counters for /metrics.
    let metrics: Metrics
    /// Where log lines go.
    let logger: Logger

    /// Effects done at most once.
    var effects: Effects { Effects(redis: redis, keys: keys) }
    /// Names and languages of chats.
    var profiles: ChatProfiles { ChatProfiles(redis: redis, keys: keys) }
    /// Banned chats.
    var banned: BannedChats { BannedChats(redis: redis, key: keys.banned) }

    /// Which user chat each operator-chat message belongs to (nil without an operator chat).
    var origins: MessageOrigins? {
        operatorChatID.map {
            MessageOrigins(redis: redis, keys: keys, operatorChatID: $0, seconds: options.originSeconds)
        }
    }

    /// The forum topics of the operator chat (nil without an operator chat).
    var topics: ForumTopics? {
        operatorChatID.map {
            ForumTopics(redis: redis, keys: keys, operatorChatID: $0, outbox: outbox, options: options)
        }
    }

    /// Counts one thing done, for /metrics and the tests that compare instances.
    func count(_ name: String, help: String) {
        metrics.increment("relay_" + name + "_total", help: help)
    }
}
