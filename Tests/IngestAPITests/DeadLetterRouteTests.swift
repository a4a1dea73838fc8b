import Foundation
import Redis
import TelegramOutbox
import Testing

/// The admin API over the dead-letter stores: list what is parked, put one back.
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct DeadLetterRouteTests {
    @Test func parkedEntriesAreListedWithTheirErrorAndARetryPutsOneBackOnItsStream() async throws {
        let app = try await TestApp.start()
        let redis = RedisClient(url: try RedisURL(TestEnvironment.redisURL ?? ""))
        let store = DeadLetters(redis: redis, streamKey: "switchboard:relay:inbox")
        let entryID = "1-\(Int.random(in: 1...999_999_999))"
        let entry = StreamEntry(entryID: entryID, itemID: "relay:update:\(entryID)", payload: Array("{\"x\":1}".utf8))
        try await store.park(entry, error: "cannot decode", attempts: 5, parkedAt: "2026-01-01 00:00:00")
        defer { Task { _ = try? await redis.send("HDEL", RedisArgument(store.key), RedisArgument(entryID)) } }

        #expect(try await app.request("GET", "/api/admin/dead-letters").status == 401)
        let (status, list) = try await app.json("GET", "/api/admin/dead-letters", admin: true)
        #expect(status == 200)
        let items = list["items"] as? [[String: Any]] ?? []
        let mine = try #require(items.first { $0["entry_id"] as? String == entryID })
        #expect(mine["stream"] as? String == "switchboard:relay:inbox")
        #expect(mine["error"] as? String == "cannot decode")
        #expect(mine["attempts"] as? Int == 5)
        #expect(mine["body"] as? String == "{\"x\":1}")

        let before = try await redis.send("XLEN", "switchboard:relay:inbox").integerValue ?? 0
        let body = "{\"stream\":\"switchboard:relay:inbox\",\"entry_id\":\"\(entryID)\"}"
        #expect(try await app.request("POST", "/api/admin/dead-letters/retry", body: body, admin: true).status == 200)
        #expect(try await redis.send("XLEN", "switchboard:relay:inbox").integerValue ?? 0 == before + 1)
        #expect(try await app.request("POST", "/api/admin/dead-letters/retry", body: body, admin: true).status == 404)
        let unknown = "{\"stream\":\"elsewhere\",\"entry_id\":\"1-1\"}"
        #expect(
            try await app.request("POST", "/api/admin/dead-letters/retry", body: unknown, admin: true).status == 404)
        // Leave the shared stream as it was.
        let last = try await redis.send("XREVRANGE", "switchboard:relay:inbox", "+", "-", "COUNT", "1")
        if let id = last.arrayValue?.first?.arrayValue?.first?.text {
            _ = try await redis.send("XDEL", "switchboard:relay:inbox", RedisArgument(id))
        }
        await app.stop()
    }
}
