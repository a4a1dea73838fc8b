import Foundation
import TestSupport
import Testing

@testable import TelegramGateway

/// The process without Telegram, and its readiness (CONTRACT §1, §2).
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct ServiceTests {
    @Test func withoutATokenTheGatewayServesHealthAndLeavesTelegramAlone() async throws {
        let world = try await GatewayHarness(values: ["TELEGRAM_TOKEN": ""])
        defer { Task { await world.stop() } }
        let port = UInt16(world.port)
        let statuses = try await offPool {
            let client = try TestHTTPClient(port: port)
            return [try client.request("GET", "/healthz").status, try client.request("GET", "/readyz").status]
        }
        #expect(statuses == [200, 200])
        try await Task.sleep(for: .milliseconds(200))
        #expect(world.double.pollOffsets.isEmpty && world.double.webhookCalls.set == 0)
    }

    @Test func readinessReportsRedisDown() async throws {
        let world = try await GatewayHarness(values: ["REDIS_URL": "redis://127.0.0.1:\(unusedPort())/0"])
        defer { Task { await world.stop() } }
        let port = UInt16(world.port)
        let ready = try await offPool {
            try TestHTTPClient(port: port, timeout: .seconds(10)).request("GET", "/readyz")
        }
        #expect(ready.status == 503)
        #expect(ready.bodyText.contains("redis"))
    }
}
