import Postgres
import TelegramOutbox

/// Outbox rows parked after failing again and again (`event_outbox_dead`), shown to admins
/// beside the Redis streams' dead letters (`DeadLetterRoutes`) as stream `event_outbox`.
///
/// The drainer parks a row in one statement that deletes it from the outbox, so the rows
/// behind it go out; a retry adds it to the outbox again (a new id, at the end, the same
/// type, data and timestamp) and removes it from here, in one statement too.
struct OutboxDeadLetters: Sendable {
    /// The name admins use for this store (a letter's `stream`).
    static let streamName = "event_outbox"

    let database: Database
    /// Called after a retry put a row back: the drainer's next turn starts now.
    var wake: @Sendable () -> Void = {}

    /// Moves outbox row `id` here with its error; false when it was no longer in the outbox.
    /// `id` is the first row the drainer may publish past `cursor` (the published-through
    /// id its turn read): every id between them will never come, so the cursor moves past
    /// `id` too, unless another drainer has moved it since.
    @discardableResult
    func park(id: Int64, after cursor: Int64, error: String, attempts: Int) async throws -> Bool {
        let rows = try await database.query(
            """
            WITH moved AS (DELETE FROM event_outbox WHERE id = $1 RETURNING id, type, data, event_timestamp, created_at),
            -- The parked id is settled, and so is every id between the cursor the drainer
            -- read ($4) and it: the cursor moves past it at once, so the rows behind it do
            -- not wait as behind a gap (OutboxGaps).
            passed AS (
                UPDATE event_outbox_cursor SET published_through = $1, updated_at = now()
                WHERE name = 'redis' AND published_through = $4 AND $4 < $1 AND EXISTS (SELECT 1 FROM moved))
            INSERT INTO event_outbox_dead (id, type, data, event_timestamp, error, attempts, created_at)
            SELECT id, type, data, event_timestamp, $2, $3, created_at FROM moved
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """, [.int(Int(id)), .text(error), .int(attempts), .int(Int(cursor))])
        return !rows.isEmpty
    }

    /// The parked rows, oldest first (at most `limit`).
    func list(limit: Int = 1000) async throws -> [DeadLetters.Letter] {
        let rows = try await database.query(
            """
            SELECT id, type, data, event_timestamp, error, attempts,
                to_char(parked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS parked
            FROM event_outbox_dead ORDER BY id LIMIT $1
            """, [.int(limit)])
        return try rows.map { row in
            let id = try row.decode(Int64.self, "id")
            let type = try row.decode(String.self, "type")
            return DeadLetters.Letter(
                stream: Self.streamName, entryID: String(id), itemID: "outbox:\(id)",
                body: try row.decode(String.self, "data"),
                fields: ["type": type, "event_timestamp": try row.decode(String.self, "event_timestamp")],
                error: try row.decode(String.self, "error"), attempts: try row.decode(Int.self, "attempts"),
                parkedAt: try row.decode(String.self, "parked"))
        }
    }

    /// How many rows are parked.
    func count() async throws -> Int {
        try await database.query("SELECT count(*)::bigint AS n FROM event_outbox_dead").first?.decode(Int.self, "n")
            ?? 0
    }

    /// Puts parked row `entryID` back in the outbox (a new row); its new id, or nil when no
    /// such row is parked.
    func retry(entryID: String) async throws -> Int64? {
        guard let id = Int64(entryID) else { return nil }
        // The delete and the insert are one statement: one transaction, so a retry either
        // moves the row or leaves it parked.
        let rows = try await database.query(
            """
            WITH gone AS (DELETE FROM event_outbox_dead WHERE id = $1 RETURNING type, data, event_timestamp)
            SELECT switchboard_outbox_add(json_build_array(json_build_array(type, data)), event_timestamp) AS id
            FROM gone
            """, [.int(Int(id))])
        guard let newID = try rows.first?.decode(Int64.self, "id") else { return nil }
        wake()
        return newID
    }
}
