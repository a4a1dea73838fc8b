import TestSupport
import Foundation
import Testing

@testable import TelegramGateway

/// Two gateway instances on one Redis: each update handled once, the limits kept by both together.
@Suite(.serialized, .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct InstancesTests {
    @Test func twoInstancesHandleEachUpdateOnceAndKeepTheLimitsTogether() async throws {
        let world = try await GatewayHarness()
        let second = try await world.startAnotherInstance()
        defer {
            Task {
                await second.shutdown()
                await world.stop()
            }
        }
        for chat in Int64(1100)..<1120 { world.double.userWrites("question from \(chat)", chatID: chat) }
        for index in 0..<20 {
            try await world.outbox.enqueue(.text(id: "shared-\(index)", chatID: 1200, text: "m\(index)"))
        }
        #expect(await eventually(timeout: .seconds(15)) { world.double.sentMessages.count >= 40 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(world.double.sentMessages.count == 40)
        for chat in Int64(1100)..<1120 { #expect(world.double.messages(to: chat).count == 1) }
        #expect(world.ingest.ingested.withLock { $0.count } == 20)
        let shared = world.double.messages(to: 1200).map(\.time)
        for (earlier, later) in zip(shared, shared.dropFirst()) { #expect(later - earlier >= .milliseconds(100)) }
        #expect(world.double.violations.isEmpty)
    }
}
