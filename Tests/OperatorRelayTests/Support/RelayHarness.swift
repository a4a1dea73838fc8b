import TestSupport
import ChatState
import Config
import DeskProtocol
import Events
import Foundation
import Logging
import Redis
import Synchronization
import TelegramDouble
import TelegramGateway
import TelegramOutbox

@testable import OperatorRelay

/// One test's world: the Telegram double, the desk stand-in, Redis keys of its own, a real
/// gateway (receiving from the double, sending the outbox to it) and any number of relays,
/// all with short timings.
final class RelayHarness: Sendable {
    /// The Bot API double.
    let double: TelegramDouble
    /// ingest-api's stand-in.
    let desk: DeskStandIn
    /// The test's Redis.
    let redis: RedisClient
    /// The prefix of every key of this test.
    let prefix: String
    /// The settings every process of the test gets.
    let values: [String: String]
    /// The operator chat (a supergroup).
    static let operatorChatID: Int64 = -1_000_700
    /// An operator writing in it.
    static let operatorUser = DoubleUser(id: 5000, firstName: "Olga")
    /// `ADMIN_API_TOKEN` of the services (at least 24 characters, as the settings demand).
    static let adminToken = "relay-admin-token-0123456789abcdef"
    /// The admins alerted of escalations.
    static let admins: [Int64] = [9001, 9002]
    /// The gateway, while running.
    private let gateway = Mutex<TelegramGatewayApp?>(nil)
    /// The relays running, by name.
    private let relays = Mutex<[String: OperatorRelayApp]>([:])
    /// Changes to the relays' options.
    private let tune: @Sendable (inout RelayOptions) -> Void

    /// Starts the double, the desk, the gateway and relay "a"; `values` override settings.
    init(
        values overrides: [String: String] = [:], forum: Bool = false, startRelay: Bool = true,
        tune: @escaping @Sendable (inout RelayOptions) -> Void = { _ in }
    ) async throws {
        var limits = DoubleLimits()
        limits.privateInterval = .milliseconds(50)
        limits.groupCount = 40
        limits.groupWindow = .milliseconds(500)
        double = try TelegramDouble(limits: limits)
        if forum { double.makeForum(Self.operatorChatID) }
        redis = RedisClient(url: try RedisURL(testRedisURL ?? "redis://127.0.0.1:1/0"), poolSize: 8)
        let prefix = "test-relay:\(UUID().uuidString.prefix(8)):"
        self.prefix = prefix
        let eventKeys = EventKeys(channel: prefix + "events")
        desk = try DeskStandIn(
            events: EventPublisher(redis: redis, keys: eventKeys),
            modes: ChatModeStore(redis: redis, prefix: prefix + "chat-mode:"))
        var values: [String: String] = [
            "TELEGRAM_TOKEN": double.token, "TELEGRAM_API_BASE": double.baseURL, "POLL_TIMEOUT": "1",
            "REDIS_URL": testRedisURL ?? "", "BACKEND_URL": desk.url, "OPERATOR_CHAT_ID": String(Self.operatorChatID),
            "ADMIN_USER_IDS": Self.admins.map(String.init).joined(separator: ","), "BIND_ADDRESS": "127.0.0.1",
            "ADMIN_API_TOKEN": Self.adminToken, "EVENTS_CHANNEL": eventKeys.channel,
        ]
        values.merge(overrides) { _, new in new }
        self.values = values.filter { !$0.value.isEmpty }
        self.tune = tune
        try await startGateway()
        if startRelay { try await self.startRelay() }
    }

    /// Starts the gateway with the test's keys and limits matching the double's.
    func startGateway() async throws {
        let port = unusedPort()
        var options = GatewayOptions(port: port)
        options.keys = DeskRedisNames(prefix: prefix)
        options.instanceName = "gateway-\(port)"
        options.limits.privateWindow = .milliseconds(50)
        options.limits.groupCount = 40
        options.limits.groupWindow = .milliseconds(500)
        options.limits.margin = .milliseconds(20)
        options.backoff.initial = .milliseconds(20)
        options.backoff.maximum = .milliseconds(200)
        options.claimIdle = .milliseconds(1500)
        options.shutdownGrace = .seconds(1)
        var settings = values
        settings["GATEWAY_PORT"] = String(port)
        let app = try await TelegramGatewayApp.start(
            settings: try Settings(SettingsSource(values: settings)), logger: Logger(label: "gateway", level: .error),
            options: options)
        gateway.withLock { $0 = app }
    }

    /// Starts relay `name` (a restart when it ran before: same consumer name), with
    /// `changes` to the settings ("" removes one).
    @discardableResult
    func startRelay(_ name: String = "a", changing changes: [String: String] = [:]) async throws -> OperatorRelayApp {
        let port = unusedPort()
        var options = RelayOptions(port: port)
        options.keys = DeskRedisNames(prefix: prefix)
        options.instanceName = "relay-\(name)"
        options.claimIdle = .milliseconds(1500)
        options.eventLease = .seconds(3)
        options.topicWait = .seconds(10)
        options.handoffNameWait = .milliseconds(500)
        options.retryPause = .milliseconds(200)
        options.ingestTimeout = .seconds(2)
        options.shutdownGrace = .seconds(1)
        tune(&options)
        var settings = values.merging(changes) { _, new in new }.filter { !$0.value.isEmpty }
        settings["RELAY_PORT"] = String(port)
        let app = try await OperatorRelayApp.start(
            settings: try Settings(SettingsSource(values: settings)),
            logger: Logger(label: "relay-\(name)", level: .error), options: options)
        relays.withLock { $0[name] = app }
        return app
    }

    /// Stops relay `name`.
    func stopRelay(_ name: String = "a") async {
        let app = relays.withLock { $0.removeValue(forKey: name) }
        await app?.shutdown()
    }

    /// The HTTP port of relay `name`.
    func relayPort(_ name: String = "a") -> Int { relays.withLock { $0[name]?.port } ?? 0 }

    /// Stops everything.
    func stop() async {
        for name in relays.withLock({ Array($0.keys) }) { await stopRelay(name) }
        let app = gateway.withLock { app in
            defer { app = nil }
            return app
        }
        await app?.shutdown()
        await double.stop()
        await desk.stop()
    }

    /// The relay's keys in this test.
    var keys: DeskRedisNames { DeskRedisNames(prefix: prefix) }
    /// The event publisher of this test's desk.
    var events: EventPublisher { EventPublisher(redis: redis, keys: EventKeys(channel: prefix + "events")) }
    /// The web visitors' reply channels of this test.
    var visitors: VisitorChannel { VisitorChannel(eventsChannel: prefix + "events") }

    /// Sets a chat's mode in Redis, as a switch would, without any signal.
    func setMode(_ mode: String, of chatID: String) async throws {
        try await redis.set(RedisArgument(prefix + "chat-mode:" + chatID), to: RedisArgument(mode))
    }

    /// The messages the double accepted for the operator chat.
    var operatorMessages: [SentMessage] { double.messages(to: Self.operatorChatID) }

    /// Waits for a message to the operator chat whose text contains `text`; returns it.
    func operatorMessage(containing text: String, timeout: Duration = .seconds(10)) async -> SentMessage? {
        _ = await eventually(timeout: timeout) { operatorMessages.contains { $0.text.contains(text) } }
        return operatorMessages.first { $0.text.contains(text) }
    }

    /// Waits until the relay has recorded message `messageID` of `chat` as a user's (its
    /// receipt handled), as it has long before a person reads and answers an alert.
    func waitForOrigin(of messageID: Int64, in chat: Int64) async -> Bool {
        let key = RedisArgument(keys.messageOrigin(chat: chat, messageID: messageID))
        return await eventually { (try? await redis.send("EXISTS", key).integerValue) == 1 }
    }

    /// A user in operator mode: the mode is set and the relay knows the user's name.
    func userInOperatorMode(_ chatID: Int64, firstName: String) async throws {
        try await setMode("operator", of: String(chatID))
        _ = try await redis.send(
            "HSET", RedisArgument(keys.profile(String(chatID))), "name", RedisArgument(firstName), "language", "en")
    }

    /// A dashboard reply, queued as notify-hub does.
    func dashboardReply(_ text: String, to chatID: String) async throws {
        try await DashboardReplyQueue(redis: redis, key: keys.dashboardReplies).append(chatID: chatID, text: text)
    }

    /// Publishes a `new_session` event as ingest-api does.
    @discardableResult
    func publishNewSession(
        userID: String, firstName: String?, message: String, response: String = "I don't know"
    ) async throws -> Int {
        let data = NewSessionData(
            sessionID: UUID().uuidString.lowercased(), userID: userID, message: message, response: response,
            firstName: firstName, createdAt: "2026-01-01 00:00:00")
        return try await events.publish(.newSession(data))
    }
}
