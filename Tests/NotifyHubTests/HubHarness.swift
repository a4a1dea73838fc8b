import Config
import DeskProtocol
import Events
import Foundation
import Logging
import Redis
import TestSupport

@testable import NotifyHub

let testRedisURL = ProcessInfo.processInfo.environment["TEST_REDIS_URL"]

/// Leak checks count the whole process's descriptors and memory, so they run in a pass of
/// their own, with nothing else in the process (scripts/test.sh sets LEAK_TESTS=1 for it).
let leakTestsEnabled = ProcessInfo.processInfo.environment["LEAK_TESTS"] == "1"

/// One or more hub instances on free ports sharing a unique events channel, plus a publisher.
struct HubHarness {
    static let token = "hub-test-token-0123456789abcdef"
    let channel = "test:hub:\(UUID().uuidString)"
    let redis: RedisClient
    let publisher: EventPublisher
    var apps: [NotifyHubApp] = []
    /// The desk every instance's visitors talk to (unless `realDesk`).
    let desk = StandInDesk()

    /// Limits high enough that tests other than the limit tests never meet them, and a
    /// quick connection report so stats across instances settle fast.
    static var testOptions: VisitorOptions {
        var options = VisitorOptions()
        options.connectionsPerMinute = 1_000_000
        options.messagesPerSecond = 1_000_000
        options.ipConnectionsPerMinute = 1_000_000
        options.ipMessagesPerSecond = 1_000_000
        options.ipRequestsPerSecond = 1_000_000
        options.ipContactRequestsPerHour = 1_000_000
        options.contactRepeatWindow = .zero
        options.ipHistoryBytesPerDay = 1 << 40
        options.ipHistoriesPerDay = 1_000_000
        options.historyBytesPerDay = 1 << 40
        options.adminFailuresPerMinute = 1_000_000
        options.reportInterval = .milliseconds(100)
        options.streamFrameInterval = .zero
        return options
    }

    /// `realDesk`: visitors reach ingest-api at `backendURL` through `IngestAnswerSource`
    /// instead of the stand-in.
    init(
        instances: Int = 1, options: VisitorOptions = HubHarness.testOptions, realDesk: Bool = false,
        backendURL: String = "http://127.0.0.1:1"
    ) async throws {
        let url = try RedisURL(testRedisURL ?? "redis://127.0.0.1:1/0")
        redis = RedisClient(url: url)
        publisher = EventPublisher(redis: redis, keys: EventKeys(channel: channel))
        for _ in 0..<instances {
            let settings = try Settings(
                SettingsSource(values: [
                    "REDIS_URL": testRedisURL ?? "", "WEBSOCKET_PORT": "0", "WEBSOCKET_SERVER": "127.0.0.1",
                    "ADMIN_API_TOKEN": Self.token, "EVENTS_CHANNEL": channel, "BACKEND_URL": backendURL,
                ]))
            apps.append(
                try await NotifyHubApp.start(
                    settings: settings, logger: Logger(label: "hub", level: .error), loopCount: 2,
                    visitorOptions: options,
                    answers: realDesk ? nil : desk, messageStore: realDesk ? nil : desk))
        }
    }

    var port: UInt16 { UInt16(apps[0].port) }

    /// Connects a dashboard to instance `index`.
    func dashboard(instance index: Int = 0, query: String = "") throws -> TestWebSocketClient {
        try TestWebSocketClient.connect(port: UInt16(apps[index].port), path: "/notify?token=\(Self.token)\(query)")
    }

    /// Waits until every instance counts `count` dashboards (the upgrade is done server-side).
    func waitForDashboards(_ count: Int, instance index: Int = 0) async throws {
        let deadline = Date().addingTimeInterval(3)
        while apps[index].hub.connectionCount < count && Date() < deadline {
            try await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    /// Connects a `/contact` visitor to instance `index`.
    func contact(instance index: Int = 0, query: String = "") throws -> TestWebSocketClient {
        try TestWebSocketClient.connect(port: UInt16(apps[index].port), path: "/contact\(query)")
    }

    /// Connects a web IM client to instance `index`.
    func pipeline(_ pipeline: String, _ sessionType: String = "person", instance index: Int = 0) throws
        -> TestWebSocketClient
    {
        try TestWebSocketClient.connect(
            port: UInt16(apps[index].port), path: "/api/v1/pipelines/\(pipeline)/ws/connect?session_type=\(sessionType)"
        )
    }

    /// Waits until instance `index` counts `count` visitor sockets.
    func waitForVisitors(_ count: Int, instance index: Int = 0) async throws {
        let deadline = Date().addingTimeInterval(3)
        while apps[index].visitorCount != count && Date() < deadline {
            try await Task.sleep(nanoseconds: 5_000_000)
        }
    }

    /// A REST call to instance `index`; `admin` sends the token.
    func rest(
        _ method: String, _ path: String, body: String = "", admin: Bool = false, instance index: Int = 0,
        headers: [(name: String, value: String)] = []
    ) async throws -> TestHTTPResponse {
        let port = UInt16(apps[index].port)
        let all = headers + (admin ? [("Authorization", "Bearer \(Self.token)")] : [])
        return try await offPool {
            let client = try TestHTTPClient(port: port)
            defer { client.close() }
            return try client.request(method, path, headers: all, body: body)
        }
    }

    /// The shipped limits (`VisitorOptions()`), with only the report and stream periods of
    /// `testOptions`, which limit nothing.
    static var shippedLimits: VisitorOptions {
        var options = VisitorOptions()
        options.reportInterval = testOptions.reportInterval
        options.streamFrameInterval = testOptions.streamFrameInterval
        return options
    }

    func stop() async {
        for app in apps { await app.shutdown() }
    }
}

/// The `id` of an event frame.
func eventID(_ text: String) -> Int? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
    return (object["id"] as? String).flatMap(Int.init)
}

