import Catalog
import ChatState
import Config
import DeskProtocol
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
    let keys: DeskRedisNames
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
    /// `OPERATOR_USER_IDS`: when not empty, the only users who act in the operator chat.
    let operatorUserIDs: Set<Int64>
    /// `DEFAULT_LANGUAGE`: for a user whose language nothing tells.
    let defaultLanguage: Language
    /// `OPERATOR_LANGUAGE`: everything posted to operators and admins.
    let operatorLanguage: Language
    /// False without TELEGRAM_TOKEN: nothing is queued for Telegram then.
    let isTelegramOn: Bool
    /// Counters for /metrics.
    let metrics: Metrics
    /// Where log lines go.
    let logger: Logger

    /// The context of `settings`: the relay's stores on `redis`, ingest-api at BACKEND_URL.
    init(settings: Settings, redis: RedisClient, options: RelayOptions, metrics: Metrics, logger: Logger) {
        let keys = options.keys
        self.redis = redis
        self.keys = keys
        self.options = options
        outbox = TelegramOutbox(redis: redis, key: keys.outbox)
        ingest = IngestClient(
            baseURL: settings.backendURL, adminToken: settings.adminAPIToken, internalToken: settings.internalAPIToken,
            timeout: options.ingestTimeout)
        modes = ChatModeStore(redis: redis, prefix: keys.chatMode)
        blocked = BlockedChats(redis: redis, key: keys.blockedChats)
        visitors = VisitorChannel(eventsChannel: settings.eventsChannel)
        operatorChatID = settings.operatorChatID
        adminUserIDs = settings.adminUserIDs
        operatorUserIDs = Set(settings.operatorUserIDs)
        defaultLanguage = Language(code: settings.defaultLanguage) ?? .en
        operatorLanguage = Language(code: settings.operatorLanguage) ?? .en
        isTelegramOn = settings.telegramToken != nil
        self.metrics = metrics
        self.logger = logger
    }

    /// Effects done at most once.
    var effects: Effects { Effects(redis: redis, keys: keys) }
    /// Names and languages of chats.
    var profiles: ChatProfiles { ChatProfiles(redis: redis, keys: keys) }
    /// Banned chats.
    var banned: BannedChats { BannedChats(redis: redis, key: keys.banned) }
    /// Each chat's language (detected in its texts; shared with the gateway and notify-hub).
    var languages: ChatLanguages { ChatLanguages(redis: redis, prefix: keys.chatLanguage) }
    /// What operators and admins read.
    var operatorTexts: Texts { Texts.of(operatorLanguage) }

    /// What the user of `chatID` reads: in the language detected in their texts, else their
    /// client's (Telegram's `language_code`), else `DEFAULT_LANGUAGE`.
    func userTexts(of chatID: String) async throws -> Texts {
        let detected = try await languages.language(of: chatID)
        let client = try await profiles.profile(of: chatID).languageCode
        return Texts.of(Language.first(of: [detected, client], else: defaultLanguage))
    }

    /// The chats the desk has seen (shared with the gateway).
    var seen: SeenChats { SeenChats(redis: redis, prefix: keys.seenChats) }

    /// Which user chat each operator-chat message belongs to (nil without an operator chat).
    var origins: MessageOrigins? { operatorChatID.map(origins(in:)) }

    /// Which user chat each message the relay posted in `chat` belongs to (the operator chat,
    /// or an admin's chat for alerts).
    func origins(in chat: Int64) -> MessageOrigins {
        MessageOrigins(redis: redis, keys: keys, operatorChatID: chat, seconds: options.originLifetime.inWholeSeconds)
    }

    /// Whether `chatID` is an admin's private chat with the bot (ADMIN_USER_IDS), where
    /// alerts go and from which the admin may answer users.
    func isAdminChat(_ chatID: Int64) -> Bool {
        chatID > 0 && adminUserIDs.contains(chatID)
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
