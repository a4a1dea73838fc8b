import TestSupport
import Foundation
import Redis
import Synchronization

/// Subscribes to an app's events channel and keeps what arrives, parsed, for tests.
final class EventInbox: Sendable {
    private let subscriber: RedisSubscriber
    /// The raw JSON texts received, in order.
    private let received = Received()

    /// The received texts, shared with the subscriber thread.
    private final class Received: Sendable {
        let list = Mutex<[[UInt8]]>([])
    }

    /// Subscribes to `channel` and waits until the subscription is active.
    init(channel: String) async throws {
        subscriber = try RedisSubscriber(url: try RedisURL(TestEnvironment.redisURL ?? ""))
        let received = self.received
        try await subscriber.subscribe([channel]) { _, message in received.list.withLock { $0.append(message) } }
    }

    deinit { subscriber.stop() }

    /// Every event of `type` so far.
    func events(ofType type: String) -> [[String: Any]] {
        let all = received.list.withLock { $0 }
        return all.compactMap { (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any] }
            .filter { $0["type"] as? String == type }
    }

    /// Waits for an event of `type` matching `predicate` on its data; nil after `timeout`.
    func waitFor(
        _ type: String, timeout: Duration = .seconds(5), where predicate: ([String: Any]) -> Bool = { _ in true }
    ) async -> [String: Any]? {
        var found: [String: Any]?
        _ = await eventually(timeout: timeout) {
            found = self.events(ofType: type).first { predicate($0["data"] as? [String: Any] ?? [:]) }
            return found != nil
        }
        return found
    }
}
