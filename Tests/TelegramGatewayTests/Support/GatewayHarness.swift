import DeskProtocol
import TestSupport
import Config
import Foundation
import Logging
import Redis
import Synchronization
import TelegramDouble
import TelegramOutbox

@testable import TelegramGateway

/// One test's world: the Telegram double, the ingest-api stand-in, Redis keys of its own,
/// and a gateway started against them with short timings.
final class GatewayHarness: Sendable {
    let double: TelegramDouble
    let ingest: IngestStandIn
    let redis: RedisClient
    let options: GatewayOptions
    let settings: Settings
    /// The settings' raw values, for restarts with changes.
    private let source: [String: String]
    /// The chat operators work in.
    static let operatorChatID: Int64 = -1_000_500
    /// The running gateway (replaced by `restart`).
    private let app = Mutex<TelegramGatewayApp?>(nil)

    /// Starts everything; `mode` is polling or webhook, `values` override settings.
    init(
        mode: String = "polling", values: [String: String] = [:], limits: DoubleLimits? = nil,
        tune: (inout GatewayOptions) -> Void = { _ in }, startGateway: Bool = true
    ) async throws {
        double = try TelegramDouble(limits: limits ?? Self.testLimits)
        ingest = try IngestStandIn()
        let redisURL = try RedisURL(testRedisURL ?? "redis://127.0.0.1:1/0")
        redis = RedisClient(url: redisURL)
        let port = unusedPort()
        let prefix = "test-gw:\(UUID().uuidString.prefix(8)):"
        var source: [String: String] = [
            "TELEGRAM_TOKEN": double.token, "TELEGRAM_API_BASE": double.baseURL, "TELEGRAM_MODE": mode,
            "POLL_TIMEOUT": "1", "REDIS_URL": testRedisURL ?? "", "BACKEND_URL": ingest.url,
            "OPERATOR_CHAT_ID": String(Self.operatorChatID), "GATEWAY_PORT": String(port), "BIND_ADDRESS": "127.0.0.1",
            "WEBHOOK_URL": "http://127.0.0.1:\(port)", "WEBHOOK_SECRET": "s3cret-token", "ADMIN_API_TOKEN": "gateway-admin-token-0123456789abcdef",
            "EVENTS_CHANNEL": prefix + "events",
        ]
        source.merge(values) { _, new in new }
        self.source = source
        settings = try Settings(SettingsSource(values: source.filter { !$0.value.isEmpty }))
        var options = GatewayOptions(port: port)
        options.keys = DeskRedisNames(prefix: prefix)
        options.instanceName = "test-\(port)"
        options.limits = Self.gatewayLimits
        options.backoff.initial = .milliseconds(20)
        options.backoff.maximum = .milliseconds(200)
        options.ingestRetryDelay = .milliseconds(300)
        options.ingestTimeout = .seconds(1)
        options.claimIdle = .milliseconds(1500)
        options.shutdownGrace = .seconds(1)
        tune(&options)
        self.options = options
        if startGateway { try await start() }
    }

    /// The double's limits in tests: 100 ms per private chat, 5 per 500 ms per group, 30/s overall.
    static var testLimits: DoubleLimits {
        var limits = DoubleLimits()
        limits.privateInterval = .milliseconds(100)
        limits.groupCount = 5
        limits.groupWindow = .milliseconds(500)
        return limits
    }

    /// The gateway's limits matching `testLimits`.
    static var gatewayLimits: SendLimits {
        var limits = SendLimits()
        limits.privateWindow = .milliseconds(100)
        limits.groupCount = 5
        limits.groupWindow = .milliseconds(500)
        limits.margin = .milliseconds(30)
        return limits
    }

    /// Starts a gateway (another one, after `stopGateway`), with `changes` to the settings.
    func start(changing changes: [String: String] = [:]) async throws {
        let values = source.merging(changes) { _, new in new }.filter { !$0.value.isEmpty }
        let started = try await TelegramGatewayApp.start(
            settings: try Settings(SettingsSource(values: values)),
            logger: Logger(label: "gateway-test", level: .error),
            options: options)
        app.withLock { $0 = started }
    }

    /// Starts another instance sharing this one's Redis keys, as a second replica would;
    /// the caller shuts it down.
    func startAnotherInstance() async throws -> TelegramGatewayApp {
        let port = unusedPort()
        var other = options
        other.instanceName = "test-\(port)"
        let values = source.merging(["GATEWAY_PORT": String(port)]) { _, new in new }.filter { !$0.value.isEmpty }
        return try await TelegramGatewayApp.start(
            settings: try Settings(SettingsSource(values: values)),
            logger: Logger(label: "gateway-test-2", level: .error),
            options: other)
    }

    /// The gateway's HTTP port.
    var port: Int { app.withLock { $0?.port } ?? 0 }

    /// Stops the gateway only.
    func stopGateway() async {
        let running = app.withLock { app in
            defer { app = nil }
            return app
        }
        await running?.shutdown()
    }

    /// Stops everything.
    func stop() async {
        await stopGateway()
        await double.stop()
        await ingest.stop()
    }

    /// The outbox of this test.
    var outbox: TelegramOutbox { TelegramOutbox(redis: redis, key: options.keys.outbox) }
    /// The relay inbox of this test.
    var relayInbox: RelayInbox { RelayInbox(redis: redis, key: options.keys.relayInbox) }

    /// Every item handed to the relay so far (read without consuming).
    func relayItems() async throws -> [RelayItem] {
        let reply = try await redis.send("XRANGE", RedisArgument(options.keys.relayInbox), "-", "+")
        return (reply.arrayValue ?? []).compactMap { entry in
            guard let pair = entry.arrayValue, pair.count == 2, let fields = pair[1].arrayValue else { return nil }
            let body = stride(from: 0, to: fields.count - 1, by: 2).first { fields[$0].text == "body" }.map {
                fields[$0 + 1]
            }
            return body?.bytes.flatMap { try? JSONDecoder().decode(RelayItem.self, from: Data($0)) }
        }
    }

    /// A chat's mode as Redis holds it.
    func mode(of chatID: Int64) async throws -> String {
        try await redis.get(RedisArgument(options.keys.chatMode + String(chatID))).map {
            String(decoding: $0, as: UTF8.self)
        }
            ?? "bot"
    }
}
