import DeskProtocol
import Events
import Foundation
import Logging
import Postgres
import Redis
import TestSupport
import Testing

@testable import IngestAPI

/// A poison outbox row: one the publisher refuses every time is parked after five tries,
/// with its error, while the rows behind it go out; an admin sees it and can retry it.
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct OutboxDeadLetterTests {
    /// Data that is not a JSON object, as a faulty writer (or a hand-made row) leaves it.
    static let brokenData = "{\"chat_id\": \"poison\", \"text\": \"cut off"

    /// Runs one statement on the test's database.
    private func sql(_ databaseURL: String, _ statement: String) async throws -> [[String?]] {
        try await offPool {
            let connection = try PostgresConnection(url: databaseURL)
            let rows = try connection.query(statement)
            return rows.map { row in (0..<row.columns.count).map { try? row.decode(String.self, at: $0) } }
        }
    }

    /// The parked outbox rows the admin API lists.
    private func parked(_ app: TestApp) async throws -> [[String: Any]] {
        let (status, list) = try await app.json("GET", "/api/admin/dead-letters", admin: true)
        #expect(status == 200)
        return (list["items"] as? [[String: Any]] ?? []).filter { $0["stream"] as? String == "event_outbox" }
    }

    /// The drainer parks the first row it may publish, which can stand behind ids that never
    /// came (rolled back, skipped): the cursor moves past all of them, so the rows behind
    /// the parked one are not held as behind a new gap.
    @Test func parkingTheHeadRowBehindAnIdThatNeverCameMovesTheCursorPastIt() async throws {
        let app = try await TestApp.start()
        await app.stop()  // its drainer gone: the cursor stays where this test puts rows
        let url = app.databaseURL
        func cursor() async throws -> Int64? {
            try await sql(url, "SELECT published_through::text FROM event_outbox_cursor WHERE name = 'redis'")
                .first?.first.flatMap { $0 }.flatMap { Int64($0) }
        }
        let before = try #require(try await cursor())
        // An id taken and never used (as by a rolled-back writer), then the poison row.
        _ = try await sql(url, "SELECT nextval('event_outbox_id_seq')::text")
        let quoted = Self.brokenData.replacingOccurrences(of: "'", with: "''")
        let added = try await sql(
            url,
            "SELECT switchboard_outbox_add(json_build_array(json_build_array('message', '\(quoted)')), '2026-01-01 00:00:00')::text"
        )
        let poisonID = try #require(added.first?.first.flatMap { $0 }.flatMap { Int64($0) })
        #expect(poisonID == before + 2)

        let logger = Logger(label: "dead-letter-test", level: .error)
        let pool = PostgresPool(configuration: try PostgresConfiguration(url: url), size: 1, logger: logger)
        defer { pool.close() }
        let database = Database(pool: pool, deadline: .seconds(5), logger: logger)
        database.markSchemaReady()
        #expect(
            try await OutboxDeadLetters(database: database).park(
                id: poisonID, after: before, error: "not an object", attempts: 5))
        #expect(try await cursor() == poisonID)

        // A drainer whose read is stale (another moved the cursor since) parks, but leaves
        // the cursor to the one that moved it.
        let second = try await sql(
            url,
            "SELECT switchboard_outbox_add(json_build_array(json_build_array('message', '\(quoted)')), '2026-01-01 00:00:00')::text"
        )
        let secondID = try #require(second.first?.first.flatMap { $0 }.flatMap { Int64($0) })
        #expect(
            try await OutboxDeadLetters(database: database).park(
                id: secondID, after: before, error: "not an object", attempts: 5))
        #expect(try await cursor() == poisonID)
    }

    @Test func aRowThePublisherRefusesIsParkedAfterFiveTriesTheRestFlowsAndARetryQueuesItAgain() async throws {
        let app = try await TestApp.start()
        let redis = RedisClient(url: try RedisURL(TestEnvironment.redisURL ?? ""))
        let log = EventLog(redis: redis, keys: EventKeys(channel: app.eventsChannel))
        #expect(
            try await app.ingest(["text": "Срочно! Токен VPN выдаёт ошибку 700", "chat_id": "poison-0"]).status == 200)
        #expect(await eventually(timeout: .seconds(5)) { ((try? await log.newestID()) ?? 0) >= 3 })
        let since = try await log.newestID()

        // The poison row, then a question whose events come after it.
        let quoted = Self.brokenData.replacingOccurrences(of: "'", with: "''")
        let added = try await sql(
            app.databaseURL,
            "SELECT switchboard_outbox_add(json_build_array(json_build_array('message', '\(quoted)')), '2026-01-01 00:00:00')::text"
        )
        let poisonID = try #require(added.first?.first.flatMap { $0 })
        #expect(
            try await app.ingest(["text": "Срочно! Токен VPN выдаёт ошибку 701", "chat_id": "poison-1"]).status == 200)

        // The rows behind it go out; the poison row never reaches Redis.
        #expect(
            await eventually(timeout: .seconds(15)) {
                ((try? await log.events(after: since).entries.count) ?? 0) >= 3
            })
        let replay = try await log.events(after: since)
        let parsed = replay.entries.compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.json.utf8))) as? [String: Any]
        }
        #expect(parsed.count == replay.entries.count, "an event that does not parse was published")
        #expect(parsed.count == 3)
        let chats = parsed.compactMap { ($0["data"] as? [String: Any])?["chat_id"] as? String }
        #expect(chats.contains("poison-1"))

        // Parked with its error after five tries, listed and counted.
        #expect(await eventually(timeout: .seconds(10)) { ((try? await self.parked(app)) ?? []).count == 1 })
        let letter = try #require(try await parked(app).first)
        #expect(letter["entry_id"] as? String == poisonID)
        #expect(letter["attempts"] as? Int == 5)
        #expect((letter["error"] as? String ?? "").contains("not a JSON object"))
        #expect(letter["body"] as? String == Self.brokenData)
        let metrics = String(decoding: try await app.request("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("\ndead_letters_parked 1\n"))
        #expect(
            try await sql(app.databaseURL, "SELECT count(*)::text FROM event_outbox WHERE id = \(poisonID)") == [["0"]])

        // A retry puts it back in the outbox as a new row; refused again, it is parked again.
        let body = "{\"stream\":\"event_outbox\",\"entry_id\":\"\(poisonID)\"}"
        #expect(try await app.request("POST", "/api/admin/dead-letters/retry", body: body, admin: true).status == 200)
        #expect(try await app.request("POST", "/api/admin/dead-letters/retry", body: body, admin: true).status == 404)
        #expect(
            await eventually(timeout: .seconds(10)) {
                let letters = (try? await self.parked(app)) ?? []
                return letters.count == 1 && letters.first?["entry_id"] as? String != poisonID
            })
        let again = try #require(try await parked(app).first)
        #expect(Int(again["entry_id"] as? String ?? "") ?? 0 > Int(poisonID) ?? 0)
        #expect(again["body"] as? String == Self.brokenData)
        let after = String(decoding: try await app.request("GET", "/metrics").body, as: UTF8.self)
        #expect(after.contains("\ndead_letters_parked 2\n"))
        // And what comes next still flows.
        #expect(
            try await app.ingest(["text": "Срочно! Токен VPN выдаёт ошибку 702", "chat_id": "poison-2"]).status == 200)
        #expect(
            await eventually(timeout: .seconds(10)) {
                ((try? await log.events(after: since).entries.count) ?? 0) >= 6
            })
        await app.stop()
    }
}
