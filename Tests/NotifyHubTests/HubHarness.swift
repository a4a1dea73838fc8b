import Config
import Events
import Foundation
import Logging
import NotifyHub
import Redis
import TestSupport

let testRedisURL = ProcessInfo.processInfo.environment["TEST_REDIS_URL"]

/// One or more hub instances on free ports sharing a unique events channel, plus a publisher.
struct HubHarness {
    static let token = "hub-test-token"
    let channel = "test:hub:\(UUID().uuidString)"
    let redis: RedisClient
    let publisher: EventPublisher
    var apps: [NotifyHubApp] = []

    init(instances: Int = 1) async throws {
        let url = try RedisURL(testRedisURL ?? "redis://127.0.0.1:1/0")
        redis = RedisClient(url: url)
        publisher = EventPublisher(redis: redis, keys: EventKeys(channel: channel))
        for _ in 0..<instances {
            let settings = try Settings(
                SettingsSource(values: [
                    "REDIS_URL": testRedisURL ?? "", "WEBSOCKET_PORT": "0", "WEBSOCKET_SERVER": "127.0.0.1",
                    "ADMIN_API_TOKEN": Self.token, "EVENTS_CHANNEL": channel,
                ]))
            apps.append(try await NotifyHubApp.start(settings: settings, logger: Logger(label: "hub", level: .error), loopCount: 2))
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

    func stop() async {
        for app in apps { await app.shutdown() }
    }
}

/// Runs blocking client code on its own thread, off Swift's small cooperative pool.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// The `id` of an event frame.
func eventID(_ text: String) -> Int? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
    return (object["id"] as? String).flatMap(Int.init)
}

/// Carries a blocking test client between the test task and client threads; the test
/// uses it from one thread at a time, which is what makes the unchecked conformance hold.
final class Handed<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
