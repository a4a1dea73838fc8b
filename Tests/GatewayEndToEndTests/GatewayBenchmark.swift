import Foundation
import IngestAPI
import TestSupport
import Testing

/// `make bench`: updates handled per second end to end in webhook mode (double → gateway →
/// ingest-api → PostgreSQL → answer recorded by the double), flood limits lifted on both
/// sides so the pipeline itself is measured; p50/p99 from update to answer, at a steady
/// offered rate and for a burst. ingest-api runs with its production pool and one loop per
/// core. Runs only with GATEWAY_BENCH=1 (bench/run.sh); bounded: a fixed number of updates,
/// each run given at most two minutes.
@Suite(
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["GATEWAY_BENCH"] != nil && EndToEndWorld.serversAreGiven))
struct GatewayBenchmark {
    /// The question every update asks: a FAQ hit, the path most updates take.
    static let question = "How do I connect to the VPN?"

    @Test func webhookUpdatesPerSecondAndLatency() async throws {
        var setup = EndToEndWorld.Setup()
        setup.doubleLimits = FloodLimits.liftedDouble
        setup.gatewayLimits = FloodLimits.liftedGateway
        setup.ingestOptions = IngestOptions()
        try await EndToEndWorld.run(.webhook, setup: setup) { world in
            let environment = ProcessInfo.processInfo.environment
            let rate = Int(environment["GATEWAY_BENCH_RATE"] ?? "") ?? 200
            let burstCount = Int(environment["GATEWAY_BENCH_BURST"] ?? "") ?? 2000
            _ = try await run(world, count: 100, chats: 20, perSecond: nil)
            let steady = try await run(world, count: rate * 5, chats: 100, perSecond: rate)
            let burst = try await run(world, count: burstCount, chats: 200, perSecond: nil)
            print(
                "telegram-gateway webhook (real ingest-api, PostgreSQL): \(rate) updates/s offered for 5 s "
                    + "(\(steady.answered)/\(steady.sent) answered): p50 \(steady.p50) ms, p99 \(steady.p99) ms; "
                    + "burst of \(burst.sent) over 200 chats (\(burst.answered) answered): "
                    + "\(burst.throughput) updates/s, p50 \(burst.p50) ms, p99 \(burst.p99) ms")
            #expect(steady.answered == steady.sent && burst.answered == burst.sent)
            #expect(world.double.violations.isEmpty)
        }
    }

    /// The figures of one run.
    struct Figures {
        var sent: Int
        var answered: Int
        var p50: Int
        var p99: Int
        var throughput: Int
    }

    /// Sends `count` updates over `chats` new chats (at `perSecond`, or all at once), waits
    /// for every answer (two minutes at most) and checks each is the FAQ's.
    private func run(_ world: EndToEndWorld, count: Int, chats: Int, perSecond: Int?) async throws -> Figures {
        let already = world.double.sentMessages.count
        let base = Int64(10_000 + already * 10)
        var askedAt: [Int64: [ContinuousClock.Instant]] = [:]
        let start = ContinuousClock.now
        for index in 0..<count {
            if let perSecond {
                let due = start + .milliseconds(index * 1000 / perSecond)
                if due > .now { try await Task.sleep(until: due) }
            }
            let chat = base + Int64(index % chats)
            askedAt[chat, default: []].append(.now)
            world.double.userWrites(Self.question, chatID: chat)
        }
        _ = await eventually(timeout: .seconds(120)) { world.double.sentMessages.count >= already + count }
        let answers = Array(world.double.sentMessages.dropFirst(already))
        #expect(answers.allSatisfy { $0.text.hasPrefix("🤖 Automatic answer:\n") })
        // Answers come in order within a chat: the n-th answer to a chat is for its n-th update.
        var latencies: [Duration] = []
        var answeredPerChat: [Int64: Int] = [:]
        for answer in answers {
            let index = answeredPerChat[answer.chatID, default: 0]
            answeredPerChat[answer.chatID] = index + 1
            if let asked = askedAt[answer.chatID], index < asked.count { latencies.append(answer.time - asked[index]) }
        }
        latencies.sort()
        let elapsed = (answers.map(\.time).max() ?? .now) - start
        func percentile(_ fraction: Double) -> Int {
            guard !latencies.isEmpty else { return -1 }
            return Self.milliseconds(latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))])
        }
        let seconds = Double(Self.milliseconds(elapsed)) / 1000
        return Figures(
            sent: count, answered: answers.count, p50: percentile(0.5), p99: percentile(0.99),
            throughput: Int(Double(answers.count) / max(seconds, 0.001)))
    }

    /// Whole milliseconds of `duration`.
    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
