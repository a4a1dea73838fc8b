import Foundation
import Redis
import TestSupport
import Testing

@testable import NotifyHub

/// Issue 15, item 5: what visitors can make the desk keep in Redis is bounded. Text over
/// ingest-api's limit is refused before anything is stored; each address has a budget of
/// history bytes and of histories per day, and all addresses together one of bytes; past
/// them visitors are still answered, their messages are just not kept. And the hub exports
/// Redis's memory against its ceiling, for an alert before writes fail.
@Suite(.enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct VisitorStorageBoundTests {
    /// A message frame with `text` as its one Plain element.
    static func frame(_ text: String) -> String {
        "{\"type\":\"message\",\"message\":[{\"type\":\"Plain\",\"text\":\"\(text)\"}]}"
    }

    /// What the desk keeps in the web IM histories of `harness`: bytes per history.
    static func keptHistories(_ harness: HubHarness) async throws -> [String: Int] {
        let prefix = HubKeys(eventsChannel: harness.channel).historyPrefix
        var cursor = "0"
        var kept: [String: Int] = [:]
        repeat {
            let reply = try await harness.redis.send(
                "SCAN", RedisArgument(cursor), "MATCH", RedisArgument(prefix + "*"), "COUNT", "1000")
            let parts = reply.arrayValue ?? []
            cursor = parts.first?.text ?? "0"
            for key in (parts.dropFirst().first?.arrayValue ?? []).compactMap(\.text) where !key.hasSuffix(":seq") {
                let items = try await harness.redis.send("LRANGE", RedisArgument(key), "0", "-1").arrayValue ?? []
                kept[key] = items.compactMap(\.bytes).reduce(0) { $0 + $1.count }
            }
        } while cursor != "0"
        return kept
    }

    /// Sends each of `texts` on a web IM socket of `pipeline` from `address` and reads the
    /// frame each one gets back (the final answer, or an error).
    static func send(_ texts: [String], to pipeline: String, from address: String, harness: HubHarness) throws
        -> [String]
    {
        let client = try TestWebSocketClient.connect(
            port: harness.port, path: "/api/v1/pipelines/\(pipeline)/ws/connect",
            headers: [("X-Forwarded-For", address)], timeout: .seconds(10))
        defer { _ = try? client.close() }
        _ = try client.receiveText()
        var answers: [String] = []
        for text in texts {
            try client.send(text: frame(text))
            answers.append(try client.receiveText())
        }
        return answers
    }

    @Test func oneAddressFloodingInventedPipelinesMakesTheDeskKeepNoMoreThanItsBudget() async throws {
        var options = HubHarness.testOptions
        options.ipHistoryBytesPerDay = 150_000
        options.ipHistoriesPerDay = 3
        let harness = try await HubHarness(options: options)
        defer { Task { await harness.stop() } }
        // Just under the text limit, two bytes a character: each message is ~36 KB as kept
        // (content and message_chain), so the flood offers ~1 MB in six invented pipelines.
        let big = "vpn " + String(repeating: "é", count: 9_000)
        let run = UUID().uuidString.prefix(8)
        let answers = try await offPool {
            var answers: [String] = []
            for index in 0..<6 {
                answers += try Self.send(
                    Array(repeating: big, count: 5), to: "flood-\(run)-\(index)", from: "203.0.113.7", harness: harness)
            }
            return answers
        }
        // Every visitor message is still answered...
        #expect(answers.count == 30)
        #expect(
            answers.allSatisfy {
                (object($0)["data"] as? [String: Any])?["content"] as? String == StandInDesk.faqAnswer
            })
        // ...but the desk keeps at most the address's budget, in at most its histories.
        // Answers are kept just after they are sent: wait until the histories settle.
        var kept = try await Self.keptHistories(harness)
        for _ in 0..<50 {
            try await Task.sleep(nanoseconds: 50_000_000)
            let again = try await Self.keptHistories(harness)
            if again == kept { break }
            kept = again
        }
        let total = kept.values.reduce(0, +)
        #expect(total <= 150_000, "kept \(total) bytes")
        #expect(total > 0)
        #expect(kept.filter { $0.value > 0 }.count <= 3)

        // Text over ingest-api's limit is refused before it is kept or sent to the desk.
        let tooLong = String(repeating: "a", count: 10_001)
        let refused = try await offPool {
            try Self.send([tooLong], to: "flood-\(run)-0", from: "203.0.113.8", harness: harness)
        }
        #expect(object(refused[0])["type"] as? String == "error")
        #expect((object(refused[0])["message"] as? String ?? "").contains("longer than 10000"))
        #expect(!harness.desk.requests.contains { $0.text.count > 10_000 })
        #expect(try await Self.keptHistories(harness).values.reduce(0, +) == total)

        // Another address still has its own budget.
        let other = try await offPool {
            try Self.send(["vpn from the office"], to: "office-\(run)", from: "198.51.100.30", harness: harness)
        }
        #expect(object(other[0])["type"] as? String == "response")
        // The answer is kept just after it is sent: wait for it.
        var officeCount = 0
        for _ in 0..<100 where officeCount < 2 {
            let office = try await harness.rest(
                "GET", "/api/v1/pipelines/office-\(run)/ws/messages/person", admin: true)
            officeCount = ((object(office.bodyText)["data"] as? [String: Any])?["messages"] as? [Any])?.count ?? 0
            if officeCount < 2 { try await Task.sleep(nanoseconds: 10_000_000) }
        }
        #expect(officeCount == 2)
    }

    @Test func allAddressesTogetherKeepNoMoreThanTheOverallBudget() async throws {
        var options = HubHarness.testOptions
        options.historyBytesPerDay = 100_000
        let harness = try await HubHarness(options: options)
        defer { Task { await harness.stop() } }
        let big = "vpn " + String(repeating: "é", count: 9_000)
        let run = UUID().uuidString.prefix(8)
        let answers = try await offPool {
            var answers: [String] = []
            for index in 0..<5 {
                answers += try Self.send(
                    [big, big], to: "many-\(run)-\(index)", from: "192.0.2.\(index + 1)", harness: harness)
            }
            return answers
        }
        #expect(answers.count == 10)
        #expect(answers.allSatisfy { object($0)["type"] as? String == "response" })
        let total = try await Self.keptHistories(harness).values.reduce(0, +)
        #expect(total <= 100_000, "kept \(total) bytes")
        #expect(total > 0)
    }

    @Test func metricsShowRedisMemoryAgainstItsCeiling() async throws {
        var options = HubHarness.testOptions
        options.redisMemoryInterval = .milliseconds(50)
        let redis = RedisClient(url: try RedisURL(testRedisURL ?? ""))
        let before = try await redis.send("CONFIG", "GET", "maxmemory").arrayValue?.last?.text ?? "0"
        // A ceiling far above what the tests use: nothing is refused, the ratio is defined.
        _ = try await redis.send("CONFIG", "SET", "maxmemory", "4000000000")
        defer { Task { _ = try? await redis.send("CONFIG", "SET", "maxmemory", RedisArgument(before)) } }
        let harness = try await HubHarness(options: options)
        defer { Task { await harness.stop() } }
        var figures: [String: Double] = [:]
        for _ in 0..<100 {
            let metrics = try await harness.rest("GET", "/metrics").bodyText
            figures = [:]
            for line in metrics.split(separator: "\n") where line.hasPrefix("redis_") {
                let parts = line.split(separator: " ")
                if parts.count == 2 { figures[String(parts[0])] = Double(parts[1]) }
            }
            if (figures["redis_maxmemory_bytes"] ?? 0) > 0 { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        let used = try #require(figures["redis_used_memory_bytes"])
        #expect(used > 0)
        #expect(figures["redis_maxmemory_bytes"] == 4_000_000_000)
        let ratio = try #require(figures["redis_memory_used_ratio"])
        #expect(abs(ratio - used / 4_000_000_000) < 1e-9)
        #expect(ratio > 0 && ratio < 1)
    }
}
