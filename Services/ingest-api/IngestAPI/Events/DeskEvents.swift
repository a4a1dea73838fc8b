import DeskProtocol
import JSONEscaping
import Logging
import Postgres

/// The events ingest-api reports (CONTRACT §5), kept in PostgreSQL's outbox
/// (`event_outbox`, migration 0007) by the transaction of the change they report, and
/// published to Redis from there by the `OutboxDrainer`.
///
/// So an event is never lost to a Redis outage: the request succeeds when PostgreSQL has
/// the change and its event, and the event goes out when Redis is back, in id order (the
/// order of its commit among the changes it could depend on: `OutboxGaps`).
/// Writers add their events last, just before COMMIT (`write`): the drainer holds back the
/// rows after an id whose transaction is still running (`OutboxGaps`), so a transaction
/// should run briefly past its outbox insert. One writer is SQL of its own:
/// `switchboard_ingest` writes the events of a question in its statement.
struct DeskEvents: Sendable {
    /// Publishes what the outbox holds; woken after every commit.
    let drainer: OutboxDrainer

    /// Runs `body` in a transaction, adds the events it returns to the outbox in that same
    /// transaction, commits, and wakes the drainer. Returns `body`'s value.
    func write<Value: Sendable>(
        in database: Database, _ body: @escaping @Sendable (PostgresConnection) throws -> (Value, [DeskEvent])
    ) async throws -> Value {
        let (value, wrote) = try await database.transaction { connection in
            let (value, events) = try body(connection)
            try Self.record(events, on: connection)
            return (value, !events.isEmpty)
        }
        if wrote { committed() }
        return value
    }

    /// Says that a statement of its own (`switchboard_ingest`) committed events: the
    /// drainer looks at once.
    func committed() {
        drainer.wake()
    }

    /// Adds `events`, in order, to the outbox of the transaction open on `connection`.
    static func record(_ events: [DeskEvent], on connection: PostgresConnection) throws {
        guard !events.isEmpty else { return }
        var list = "["
        for (index, event) in events.enumerated() {
            if index > 0 { list += "," }
            list += "["
            JSONEscaping.appendQuoted(event.type, to: &list)
            list += ","
            JSONEscaping.appendQuoted(try event.dataJSON(), to: &list)
            list += "]"
        }
        list += "]"
        _ = try connection.query(
            "SELECT switchboard_outbox_add($1::json, $2)", [.text(list), .text(EventTimestamp.now())])
    }
}
