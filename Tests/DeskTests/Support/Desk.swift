import Foundation
import TelegramDouble
import TestSupport
import Testing

/// A whole desk of release executables, each its own process, as `make up` runs them:
/// ingest-api, telegram-gateway (polling the Telegram double), operator-relay and two
/// notify-hubs, on free loopback ports, sharing one Redis database and a fresh PostgreSQL
/// database, ingest-api's LLM being the in-process model stand-in. They meet only where
/// deployed processes meet: Redis, PostgreSQL, HTTP.
final class Desk: Sendable {
    /// What a desk is started with.
    struct Setup: Sendable {
        /// Makes the operator chat a forum supergroup (a topic per user) instead of a plain group.
        var forumOperatorChat = false
        /// Redis to use instead of a leased database of the shared test server (a private one).
        var redisURL: String?
        /// PostgreSQL to use instead of a fresh database on the shared test server (a private one).
        var databaseURL: String?
    }

    /// The Telegram Bot API double the gateway polls.
    let double: TelegramDouble
    /// ingest-api's LLM.
    let model: ModelStandIn
    /// ingest-api.
    let ingest: ServiceProcess
    /// telegram-gateway.
    let gateway: ServiceProcess
    /// operator-relay.
    let relay: ServiceProcess
    /// notify-hub, twice: visitors on one, dashboards on the other, as behind a balancer.
    let hubs: [ServiceProcess]
    /// `EVENTS_CHANNEL`, unique per desk (pub/sub channels are not per Redis database).
    let eventsChannel: String
    /// `REDIS_URL` of every process.
    let redisURL: String
    /// Logs and working directories.
    let directory: URL
    /// What to undo at the end: the Redis lease, the database.
    private let cleanup: @Sendable () async -> Void

    /// `ADMIN_API_TOKEN` of every process.
    static let adminToken = "desk-admin-token-0123456789abcdef"
    /// `OPERATOR_CHAT_ID`: a group (negative id; a supergroup in the double).
    static let operatorChatID: Int64 = -1_000_500
    /// `ADMIN_USER_IDS`.
    static let adminUserIDs: [Int64] = [9101, 9102]
    /// An operator writing in the operator chat.
    static let operatorUser = DoubleUser(id: 5500, firstName: "Olga")

    /// Every process, in start order.
    var services: [ServiceProcess] { [ingest, gateway, relay] + hubs }

    private init(
        double: TelegramDouble, model: ModelStandIn, ingest: ServiceProcess, gateway: ServiceProcess,
        relay: ServiceProcess, hubs: [ServiceProcess], eventsChannel: String, redisURL: String, directory: URL,
        cleanup: @escaping @Sendable () async -> Void
    ) {
        self.double = double
        self.model = model
        self.ingest = ingest
        self.gateway = gateway
        self.relay = relay
        self.hubs = hubs
        self.eventsChannel = eventsChannel
        self.redisURL = redisURL
        self.directory = directory
        self.cleanup = cleanup
    }

    /// Starts a desk, runs `body` with it and stops it, whether `body` throws or not. A
    /// thrown error gets every process's log tail; a process that does not exit 0 on the
    /// final SIGTERM is a failure of the test.
    static func run(_ name: String, _ setup: Setup = Setup(), _ body: (Desk) async throws -> Void) async throws {
        let desk = try await start(name, setup)
        do {
            try await body(desk)
        } catch {
            let logs = desk.logTails()
            await desk.stop()
            throw DeskError("\(error)\n\(logs)")
        }
        await desk.stop()
    }

    /// Starts the stand-ins, ingest-api (migrated once healthy), then the other four
    /// processes together, and waits until the gateway polls. Whatever started is stopped
    /// again when a later step fails.
    static func start(_ name: String, _ setup: Setup) async throws -> Desk {
        var undo: [@Sendable () async -> Void] = []
        do {
            let directory = try DeskEnvironment.makeScratchDirectory(name)
            let double = try TelegramDouble()
            undo.append { await double.stop() }
            if setup.forumOperatorChat { double.makeForum(operatorChatID) }
            let model = try ModelStandIn()
            undo.append { await model.stop() }
            var redisURL = setup.redisURL ?? ""
            if setup.redisURL == nil {
                let lease = try await RedisDatabaseLease.claim(baseURL: DeskEnvironment.redisURL ?? "")
                undo.append { await lease.release() }
                redisURL = lease.url
            }
            var databaseURL = setup.databaseURL ?? ""
            if setup.databaseURL == nil {
                let made = try await TestDatabase.make(prefix: "desk_")
                undo.append { try? await TestDatabase.drop(made) }
                databaseURL = made
            }
            let channel = "desk-events-" + UUID().uuidString.prefix(8)
            let ingestPort = unusedPort()
            // One environment for all, as one .env serves a deployed desk.
            let settings: [String: String] = [
                "REDIS_URL": redisURL, "DATABASE_URL": databaseURL, "EVENTS_CHANNEL": channel,
                "ADMIN_API_TOKEN": adminToken, "BACKEND_URL": "http://127.0.0.1:\(ingestPort)",
                "TELEGRAM_TOKEN": double.token, "TELEGRAM_API_BASE": double.baseURL, "POLL_TIMEOUT": "1",
                "OPERATOR_CHAT_ID": String(operatorChatID),
                "ADMIN_USER_IDS": adminUserIDs.map(String.init).joined(separator: ","),
                "OPENAI_API_KEY": ModelStandIn.apiKey, "OPENAI_BASE_URL": model.baseURL, "LOG_LEVEL": "info",
            ]
            let ingest = ServiceProcess(.ingestAPI, port: ingestPort, settings: settings, directory: directory)
            let gateway = ServiceProcess(.telegramGateway, settings: settings, directory: directory)
            let relay = ServiceProcess(.operatorRelay, settings: settings, directory: directory)
            let hubs = (0..<2).map { _ in ServiceProcess(.notifyHub, settings: settings, directory: directory) }
            undo.append {
                for service in [ingest, gateway, relay] + hubs { await service.kill() }
            }
            try await ingest.start()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for service in [gateway, relay] + hubs {
                    group.addTask { try await service.start() }
                }
                try await group.waitForAll()
            }
            guard await eventually(timeout: .seconds(15), { !double.pollOffsets.isEmpty }) else {
                throw DeskError("the gateway never polled the double\n\(gateway.logTail())")
            }
            let finalUndo = undo
            return Desk(
                double: double, model: model, ingest: ingest, gateway: gateway, relay: relay, hubs: hubs,
                eventsChannel: channel, redisURL: redisURL, directory: directory,
                cleanup: { for step in finalUndo.reversed() { await step() } })
        } catch {
            for step in undo.reversed() { await step() }
            throw error
        }
    }

    /// SIGTERMs every process (the gateway first: it calls the others while it finishes;
    /// ingest-api last: the relay and the hubs call it while they finish), records any that
    /// does not exit 0, and releases Redis and PostgreSQL.
    func stop() async {
        for group in [[gateway], [relay] + hubs, [ingest]] {
            await withTaskGroup(of: Void.self) { tasks in
                for service in group where service.isRunning {
                    tasks.addTask {
                        let exit = await service.terminate()
                        if exit != .exited(0) {
                            Issue.record(
                                "\(service.executable.rawValue) ended with \(exit) on SIGTERM\n\(service.logTail())")
                        }
                    }
                }
            }
        }
        await cleanup()
        if !DeskEnvironment.keepsLogs { try? FileManager.default.removeItem(at: directory) }
    }

    /// SIGTERMs `service`, expects exit status 0, and starts it again on the same port with
    /// the same settings (its consumer name, made from host and port, stays the same).
    func restart(_ service: ServiceProcess) async throws {
        let exit = await service.terminate()
        guard exit == .exited(0) else {
            throw DeskError("\(service.executable.rawValue) ended with \(exit) on SIGTERM\n\(service.logTail())")
        }
        try await service.start()
    }

    /// The last log lines of every process.
    func logTails(_ count: Int = 25) -> String {
        services.map { $0.logTail(count) }.joined(separator: "\n")
    }
}
