import TestSupport
import Foundation
import TelegramDouble
import Testing

@testable import TelegramGateway

/// `make bench`: updates handled per second end to end in webhook mode (double → gateway →
/// ingest stand-in → answer recorded by the double), flood limits lifted on both sides so
/// the pipeline itself is measured; p50/p99 from update to answer at a steady rate. Runs
/// only with GATEWAY_BENCH=1.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["GATEWAY_BENCH"] != nil && testRedisURL != nil))
struct GatewayBenchmark {
    /// Limits that never bind.
    static var lifted: DoubleLimits {
        var limits = DoubleLimits()
        limits.privateInterval = .zero
        limits.globalCount = .max
        limits.groupCount = .max
        return limits
    }

    @Test func webhookUpdatesPerSecondAndLatency() async throws {
        let world = try await GatewayHarness(mode: "webhook", limits: Self.lifted) { options in
            options.limits.privateCount = .max
            options.limits.globalCount = .max
            options.limits.groupCount = .max
        }
        defer { Task { await world.stop() } }
        #expect(await eventually { world.double.webhook != nil })
        let rate = Int(ProcessInfo.processInfo.environment["GATEWAY_BENCH_RATE"] ?? "") ?? 200
        _ = try await run(world, count: 50, chats: 10, perSecond: nil)
        let steady = try await run(world, count: rate * 5, chats: 100, perSecond: rate)
        let burst = try await run(world, count: 2000, chats: 200, perSecond: nil)
        print(
            "telegram-gateway webhook: \(rate) updates/s offered: p50 \(steady.p50) ms, p99 \(steady.p99) ms; "
                + "burst of 2000: \(burst.throughput) updates/s (p50 \(burst.p50) ms, p99 \(burst.p99) ms)")
        #expect(world.double.violations.isEmpty)
    }

    /// The figures of one run.
    struct Figures {
        var p50: Int
        var p99: Int
        var throughput: Int
    }

    /// Sends `count` updates over `chats` chats (at `perSecond`, or all at once) and waits for every answer.
    private func run(_ world: GatewayHarness, count: Int, chats: Int, perSecond: Int?) async throws -> Figures {
        let base = Int64(10_000 + world.double.sentMessages.count * 10)
        let already = world.double.sentMessages.count
        var sentAt: [Int64: [ContinuousClock.Instant]] = [:]
        let start = ContinuousClock.now
        for index in 0..<count {
            if let perSecond {
                let due = start + .milliseconds(index * 1000 / perSecond)
                if due > .now { try await Task.sleep(until: due) }
            }
            let chat = base + Int64(index % chats)
            sentAt[chat, default: []].append(.now)
            world.double.userWrites("How do I connect to the VPN?", chatID: chat)
        }
        _ = await eventually(timeout: .seconds(120)) { world.double.sentMessages.count >= already + count }
        let answers = world.double.sentMessages.dropFirst(already)
        var latencies: [Duration] = []
        var seen: [Int64: Int] = [:]
        for answer in answers {
            let index = seen[answer.chatID, default: 0]
            seen[answer.chatID] = index + 1
            if let asked = sentAt[answer.chatID], index < asked.count { latencies.append(answer.time - asked[index]) }
        }
        latencies.sort()
        let elapsed = (answers.map(\.time).max() ?? .now) - start
        func percentile(_ fraction: Double) -> Int {
            guard !latencies.isEmpty else { return -1 }
            let value = latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))]
            return Int(value.components.seconds * 1000 + value.components.attoseconds / 1_000_000_000_000_000)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Figures(
            p50: percentile(0.5), p99: percentile(0.99), throughput: Int(Double(answers.count) / max(seconds, 0.001)))
    }
}
