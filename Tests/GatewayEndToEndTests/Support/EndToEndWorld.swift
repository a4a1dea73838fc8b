import Config
import Foundation
import IngestAPI
import Logging
import OperatorRelay
import TelegramDouble
import TelegramGateway
import TestSupport

/// One test's whole desk on the Telegram side: the Telegram double, the real ingest-api
/// over a PostgreSQL database of its own, the gateway receiving in `mode`, all on one Redis
/// database of their own with the production key names, so the services meet in Redis
/// exactly as deployed (chat modes, the relay's input, the outbox). With `Setup.relay`,
/// the real operator-relay reads the relay's input (then `relayInput` must not be used:
/// both would read the same consumer group).
final class EndToEndWorld: Sendable {
    /// How the gateway receives updates.
    let mode: ReceivingMode
    /// The Telegram Bot API stand-in: makes users' updates, records what the bot sent.
    let double: TelegramDouble
    /// The Redis database the services share.
    let redis: RedisDatabaseLease
    /// The PostgreSQL database ingest-api owns.
    let databaseURL: String
    /// ingest-api, started in-process.
    let ingest: IngestAPIApp
    /// The gateway.
    let gateway: TelegramGatewayApp
    /// ingest-api's admin API.
    let admin: IngestAdmin
    /// The events channel both services publish on (pub/sub is not per Redis database).
    let eventsChannel: String
    /// Operator-relay's input, read as the relay reads it.
    let relayInput: RelayInputReader
    /// operator-relay, when the setup asked for it.
    let relay: OperatorRelayApp?

    /// `ADMIN_API_TOKEN` of both services: the gateway stores operator-mode messages through
    /// the admin API, so a mismatch would show.
    static let adminToken = "e2e-admin-token-0123456789abcdef"
    /// `OPERATOR_CHAT_ID`.
    static let operatorChatID: Int64 = -1_000_900
    /// `ADMIN_USER_IDS`, of every service.
    static let adminUserIDs: [Int64] = [9101, 9102]
    /// The skip condition of every suite: both test servers.
    static let serversAreGiven = TestDatabase.serverURL != nil && redisServerURL != nil
    /// `TEST_REDIS_URL`.
    static let redisServerURL = ProcessInfo.processInfo.environment["TEST_REDIS_URL"]

    /// The parts a world is made of, for tuning (the benchmark lifts the limits and runs
    /// ingest-api with its production pool).
    struct Setup {
        var doubleLimits = FloodLimits.double
        var gatewayLimits = FloodLimits.gateway
        var ingestOptions: IngestOptions = {
            var options = IngestOptions()
            options.loopCount = 1
            options.databasePoolSize = 4
            return options
        }()
        /// An OpenAI-compatible endpoint for ingest-api (`OPENAI_BASE_URL`); none: no model.
        var modelBaseURL: String?
        /// Runs operator-relay too (operators answering, admin alerts).
        var relay = false
        /// `OPERATOR_LANGUAGE` of the gateway and the relay (none: the default, en).
        var operatorLanguage: String?
    }

    private init(
        mode: ReceivingMode, double: TelegramDouble, redis: RedisDatabaseLease, databaseURL: String,
        ingest: IngestAPIApp, gateway: TelegramGatewayApp, relay: OperatorRelayApp?, eventsChannel: String
    ) {
        self.mode = mode
        self.double = double
        self.redis = redis
        self.databaseURL = databaseURL
        self.ingest = ingest
        self.gateway = gateway
        self.relay = relay
        self.admin = IngestAdmin(port: UInt16(ingest.port), token: Self.adminToken)
        self.eventsChannel = eventsChannel
        self.relayInput = RelayInputReader(redis: redis.client)
    }

    /// Starts a world, runs `body` in it and stops it, whether `body` throws or not.
    static func run(
        _ mode: ReceivingMode, setup: Setup = Setup(), _ body: (EndToEndWorld) async throws -> Void
    ) async throws {
        let world = try await start(mode, setup: setup)
        do {
            try await body(world)
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }

    /// Starts the double, ingest-api (migrated, shipped FAQ loaded) and the gateway, and
    /// waits until the gateway receives: its webhook set, or its first poll made. What was
    /// started is stopped again when a later part fails.
    static func start(_ mode: ReceivingMode, setup: Setup) async throws -> EndToEndWorld {
        var undo: [@Sendable () async -> Void] = []
        do {
            let double = try TelegramDouble(limits: setup.doubleLimits)
            undo.append { await double.stop() }
            let redis = try await RedisDatabaseLease.claim(baseURL: redisServerURL ?? "")
            undo.append { await redis.release() }
            let databaseURL = try await TestDatabase.make(prefix: "gateway_e2e_")
            undo.append { try? await TestDatabase.drop(databaseURL) }
            let channel = "e2e-events-" + UUID().uuidString.prefix(8)
            let ingest = try await IngestAPIApp.start(
                settings: try settings([
                    "INGEST_PORT": "0", "BIND_ADDRESS": "127.0.0.1", "DATABASE_URL": databaseURL,
                    "REDIS_URL": redis.url, "ADMIN_API_TOKEN": adminToken, "EVENTS_CHANNEL": channel,
                ].merging(modelSettings(setup)) { $1 }),
                logger: Logger(label: "e2e-ingest", level: .error), options: setup.ingestOptions)
            undo.append { await ingest.shutdown() }
            let port = unusedPort()
            let gateway = try await TelegramGatewayApp.start(
                settings: try settings([
                    "TELEGRAM_TOKEN": double.token, "TELEGRAM_API_BASE": double.baseURL,
                    "TELEGRAM_MODE": mode.rawValue, "POLL_TIMEOUT": "1", "REDIS_URL": redis.url,
                    "BACKEND_URL": "http://127.0.0.1:\(ingest.port)", "OPERATOR_CHAT_ID": String(operatorChatID),
                    "GATEWAY_PORT": String(port), "BIND_ADDRESS": "127.0.0.1",
                    "WEBHOOK_URL": "http://127.0.0.1:\(port)", "WEBHOOK_SECRET": "e2e-webhook-secret",
                    "ADMIN_API_TOKEN": adminToken, "EVENTS_CHANNEL": channel,
                    "ADMIN_USER_IDS": adminUserIDs.map(String.init).joined(separator: ","),
                    "OPERATOR_LANGUAGE": setup.operatorLanguage ?? "en",
                ]),
                logger: Logger(label: "e2e-gateway", level: .error),
                options: gatewayOptions(port: port, setup: setup))
            undo.append { await gateway.shutdown() }
            var relay: OperatorRelayApp?
            if setup.relay {
                let relayPort = unusedPort()
                let started = try await OperatorRelayApp.start(
                    settings: try settings([
                        "TELEGRAM_TOKEN": double.token, "TELEGRAM_API_BASE": double.baseURL, "REDIS_URL": redis.url,
                        "BACKEND_URL": "http://127.0.0.1:\(ingest.port)", "OPERATOR_CHAT_ID": String(operatorChatID),
                        "ADMIN_USER_IDS": adminUserIDs.map(String.init).joined(separator: ","),
                        "RELAY_PORT": String(relayPort), "BIND_ADDRESS": "127.0.0.1", "ADMIN_API_TOKEN": adminToken,
                        "EVENTS_CHANNEL": channel, "OPERATOR_LANGUAGE": setup.operatorLanguage ?? "en",
                    ]),
                    logger: Logger(label: "e2e-relay", level: .error), options: relayOptions(port: relayPort))
                undo.append { await started.shutdown() }
                relay = started
            }
            let receiving = await eventually {
                mode == .webhook ? double.webhook != nil : !double.pollOffsets.isEmpty
            }
            guard receiving else { throw EndToEndError("the gateway did not start receiving (\(mode))") }
            return EndToEndWorld(
                mode: mode, double: double, redis: redis, databaseURL: databaseURL, ingest: ingest, gateway: gateway,
                relay: relay, eventsChannel: channel)
        } catch {
            for step in undo.reversed() { await step() }
            throw error
        }
    }

    /// Production timings except a quicker stop and retries; the production key names.
    private static func gatewayOptions(port: Int, setup: Setup) -> GatewayOptions {
        var options = GatewayOptions(port: port)
        options.instanceName = "e2e-\(port)"
        options.limits = setup.gatewayLimits
        options.backoff.initial = .milliseconds(20)
        options.backoff.maximum = .milliseconds(200)
        options.shutdownGrace = .seconds(1)
        return options
    }

    /// ingest-api's model settings: the stand-in's address, when the setup has one.
    private static func modelSettings(_ setup: Setup) -> [String: String] {
        guard let url = setup.modelBaseURL else { return [:] }
        return ["OPENAI_API_KEY": "e2e-model-key", "OPENAI_BASE_URL": url, "OPENAI_MODEL": "stand-in"]
    }

    /// Production timings and key names except a quicker stop and retries.
    private static func relayOptions(port: Int) -> RelayOptions {
        var options = RelayOptions(port: port)
        options.instanceName = "e2e-relay-\(port)"
        options.retryPause = .milliseconds(200)
        options.shutdownGrace = .seconds(1)
        return options
    }

    /// Settings from `values`, as a process would read them from its environment.
    private static func settings(_ values: [String: String]) throws -> Settings {
        try Settings(SettingsSource(values: values))
    }

    /// Stops the relay and the gateway first (they call ingest-api while they finish), then
    /// ingest-api and the double; empties the Redis database and drops the PostgreSQL one.
    func stop() async {
        await relay?.shutdown()
        await gateway.shutdown()
        await ingest.shutdown()
        await double.stop()
        await redis.release()
        try? await TestDatabase.drop(databaseURL)
    }

}
