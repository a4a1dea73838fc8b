import Config
import Foundation
import IngestAPI
import Logging
import TestSupport

/// An ingest-api on a free loopback port with a database and an events channel of its
/// own, and a blocking JSON client for it.
final class TestApp: Sendable {
    static let adminToken = "test-admin-token-0123456789abcdef"

    let app: IngestAPIApp
    let eventsChannel: String
    let databaseURL: String

    var port: UInt16 { UInt16(app.port) }

    private init(app: IngestAPIApp, eventsChannel: String, databaseURL: String) {
        self.app = app
        self.eventsChannel = eventsChannel
        self.databaseURL = databaseURL
    }

    /// Starts one; `settings` are added to (and override) the test defaults.
    static func start(
        _ settings: [String: String] = [:], databaseURL: String? = nil, options: IngestOptions = TestApp.options
    ) async throws -> TestApp {
        let database: String
        if let databaseURL {
            database = databaseURL
        } else {
            database = try await TestDatabase.make(prefix: "ingest_test_")
        }
        let channel = "test-events-" + UUID().uuidString.prefix(8)
        var values = [
            "INGEST_PORT": "0", "BIND_ADDRESS": "127.0.0.1", "DATABASE_URL": database,
            "REDIS_URL": TestEnvironment.redisURL ?? "", "ADMIN_API_TOKEN": adminToken, "EVENTS_CHANNEL": channel,
        ]
        values.merge(settings) { _, new in new }
        let parsed = try Settings(SettingsSource(values: values.filter { !$0.value.isEmpty }))
        let app = try await IngestAPIApp.start(
            settings: parsed, logger: Logger(label: "ingest-test", level: .error), options: options)
        return TestApp(app: app, eventsChannel: channel, databaseURL: database)
    }

    /// The test defaults: one loop, short time-outs.
    static var options: IngestOptions {
        var options = IngestOptions()
        options.loopCount = 1
        options.databasePoolSize = 4
        options.modelTimeout = .seconds(2)
        return options
    }

    func stop() async { await app.shutdown() }

    /// Sends a request (blocking, off the cooperative pool) and returns the response. Calls
    /// of `/api/ingest` come from the desk itself (with the internal token, which defaults
    /// to the admin token) unless `outsider`.
    func request(
        _ method: String, _ path: String, body: String? = nil, admin: Bool = false, outsider: Bool = false,
        headers: [(name: String, value: String)] = []
    ) async throws -> TestHTTPResponse {
        let port = self.port
        var allHeaders = headers
        let isDesk = path.hasPrefix("/api/ingest") && !outsider && !headers.contains { $0.name == "Authorization" }
        if admin || isDesk { allHeaders.append((name: "Authorization", value: "Bearer \(Self.adminToken)")) }
        if body != nil { allHeaders.append((name: "Content-Type", value: "application/json")) }
        let sent = allHeaders
        return try await offPool {
            let client = try TestHTTPClient(port: port, timeout: .seconds(15))
            return try client.request(method, path, headers: sent, body: Array((body ?? "").utf8))
        }
    }

    /// Sends a request and decodes its JSON body as a dictionary.
    func json(
        _ method: String, _ path: String, body: String? = nil, admin: Bool = false
    ) async throws -> (status: Int, object: [String: Any]) {
        let response = try await request(method, path, body: body, admin: admin)
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, object)
    }

    /// `POST /api/ingest` with `fields` as the body.
    func ingest(_ fields: [String: Any]) async throws -> (status: Int, object: [String: Any]) {
        let data = try JSONSerialization.data(withJSONObject: fields)
        return try await json("POST", "/api/ingest", body: String(decoding: data, as: UTF8.self))
    }
}
