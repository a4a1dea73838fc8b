import Foundation
import Postgres
import TestSupport
import Testing

/// `switchboard_ingest` stores a question, and files it, with its own copies of
/// `switchboard_store_message`'s and `switchboard_escalate`'s statements (migration 0004:
/// the nested calls cost a fifth of a question's database time). This holds the copies to
/// the same behaviour: the same steps, taken by one chat through the one call and by
/// another through the two functions, leave the same users, chats, messages and tickets
/// behind (ids, times and uuids compared by how they relate, not by value).
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct StoreParityTests {
    /// One step of a chat's life: who writes, after what pause, with a ticket open or not.
    private struct Step {
        var firstName: String?
        var username: String?
        var language = "en"
        /// The session pause setting for this message (0: every message starts a new session).
        var idleSeconds = 1800.0
        /// Open a ticket (with a session of its own) before this message.
        var opensTicket = false
    }

    private static let steps = [
        Step(firstName: "Ada", username: "ada"),
        Step(firstName: nil, username: "ada_l", language: "ru"),
        Step(firstName: nil, username: nil, idleSeconds: 0),
        Step(firstName: "Ada", username: nil, opensTicket: true),
        Step(firstName: nil, username: nil, idleSeconds: 0),
    ]

    /// What one chat looks like after each step, with ids and uuids replaced by relations.
    private func walk(_ connection: PostgresConnection, chat: String, user: String, throughIngest: Bool) throws
        -> [String]
    {
        var states: [String] = []
        var previousSession: String?
        for step in Self.steps {
            if step.opensTicket {
                try connection.execute(
                    """
                    INSERT INTO tickets (chat_id, category, priority, department, language, session_id)
                    VALUES ($1, 'General', 'medium', 'Service_Desk', 'en', gen_random_uuid())
                    """, [.text(chat)])
            }
            let values: [PostgresValue] = [
                // Questions the FAQ answers, so that the one call files no ticket of its own.
                .text(chat), .text("telegram"),
                .text(step.language == "ru" ? "Как сбросить пароль?" : "How do I reset my password?"),
                .text(user),
                PostgresValue(step.firstName), .null, PostgresValue(step.username), .text(step.language),
                .double(step.idleSeconds),
            ]
            if throughIngest {
                try connection.execute(
                    """
                    SELECT * FROM switchboard_ingest($1, $2, $3, $4, $5, $6, $7, $8, $9, 0.75::real, 0.3::real,
                        'General', 'medium', 'Service_Desk', NULL, NULL, 60)
                    """, values)
            } else {
                try connection.execute(
                    "SELECT * FROM switchboard_store_message($1, $2, 'in', 'user', $3, $4, $5, $6, $7, $8, $9, false)",
                    values)
            }
            let row = try #require(
                try connection.query(
                    """
                    SELECT u.first_name, u.last_name, u.username, u.language, c.channel, c.mode,
                        (c.user_id = u.id)::text AS chat_is_users, m.direction, m.sender, m.text,
                        (m.user_id = u.id)::text AS by_user,
                        m.session_id::text AS session, (m.session_id = c.session_id)::text AS in_chat_session,
                        (m.session_id = (SELECT t.session_id FROM tickets AS t WHERE t.chat_id = c.chat_id
                            AND t.status <> 'closed'))::text AS in_ticket_session,
                        (m.ticket_id IS NULL)::text AS no_ticket
                    FROM messages AS m JOIN chats AS c USING (chat_id) JOIN users AS u ON u.external_id = $2
                    WHERE m.chat_id = $1 AND m.direction = 'in' ORDER BY m.id DESC LIMIT 1
                    """, [.text(chat), .text(user)]
                ).first)
            let session = try row.decode(String.self, "session")
            let fields = try [
                "first_name", "last_name", "username", "language", "channel", "mode", "chat_is_users", "direction",
                "sender", "text", "by_user", "in_chat_session", "in_ticket_session", "no_ticket",
            ].map { "\($0)=\(try row.optional(String.self, $0) ?? "NULL")" }
            states.append(
                fields.joined(separator: " ") + " same_session=\(previousSession.map { $0 == session } ?? false)")
            previousSession = session
        }
        return states
    }

    @Test func theOneCallStoresAQuestionExactlyAsStoreMessageDoes() async throws {
        let app = try await TestApp.start()
        let databaseURL = app.databaseURL
        let (throughIngest, throughStore) = try await offPool {
            let connection = try PostgresConnection(url: databaseURL)
            return (
                try walk(connection, chat: "parity-ingest", user: "7001", throughIngest: true),
                try walk(connection, chat: "parity-store", user: "7002", throughIngest: false)
            )
        }
        await app.stop()
        #expect(throughIngest.count == Self.steps.count)
        for (ingest, store) in zip(throughIngest, throughStore) {
            #expect(ingest == store)
        }
        // The walk covers what it claims: a kept session, new sessions, the ticket's session.
        #expect(throughStore[1].hasSuffix("same_session=true"))
        #expect(throughStore[2].hasSuffix("same_session=false"))
        #expect(throughStore[3].contains("in_ticket_session=true"))
        #expect(throughStore[1].contains("first_name=Ada") && throughStore[1].contains("username=ada_l"))
    }

    /// One step of a ticket's life: the question's priority, and what an operator did before it.
    private struct FilingStep {
        var priority: String
        /// SQL run on the chat's ticket before the question ($1: the chat).
        var before: String?
    }

    private static let filingSteps = [
        FilingStep(priority: "medium"),
        FilingStep(priority: "high"),
        FilingStep(priority: "low"),
        FilingStep(priority: "low", before: "UPDATE tickets SET status = 'pending' WHERE chat_id = $1"),
        FilingStep(
            priority: "medium",
            before: "UPDATE tickets SET status = 'closed', closed_at = now(), closed_by = 'op' WHERE chat_id = $1"),
    ]

    /// What one chat's latest question and its ticket look like after each filing step.
    private func file(_ connection: PostgresConnection, chat: String, throughIngest: Bool) throws -> [String] {
        var states: [String] = []
        var previousTicket: Int?
        for step in Self.filingSteps {
            if let before = step.before { try connection.execute(before, [.text(chat)]) }
            let text = "My monitor makes a strange buzzing sound"
            let inserted: Bool
            if throughIngest {
                let row = try #require(
                    try connection.query(
                        """
                        SELECT ticket_inserted FROM switchboard_ingest($1, 'web', $2, NULL, NULL, NULL, NULL, 'en',
                            1800, 0.75::real, 0.3::real, 'Hardware', $3, 'Workplace_Support', NULL, NULL, 60)
                        """, [.text(chat), .text(text), .text(step.priority)]
                    ).first)
                inserted = try row.decode(Bool.self, "ticket_inserted")
            } else {
                let question = try #require(
                    try connection.query(
                        """
                        SELECT id, session_id FROM switchboard_store_message($1, 'web', 'in', 'user', $2, NULL, NULL,
                            NULL, NULL, 'en', 1800, false)
                        """, [.text(chat), .text(text)]
                    ).first)
                let row = try #require(
                    try connection.query(
                        """
                        SELECT inserted FROM switchboard_escalate($1, 'Hardware', $2, 'Workplace_Support', 'en',
                            $3::uuid, $4)
                        """,
                        [
                            .text(chat), .text(step.priority), .text(try question.decode(String.self, "session_id")),
                            .int(try question.decode(Int.self, "id")),
                        ]
                    ).first)
                inserted = try row.decode(Bool.self, "inserted")
            }
            let row = try #require(
                try connection.query(
                    """
                    SELECT t.id AS ticket, t.status, t.category, t.priority, t.department, t.language,
                        t.assignee, t.closed_by, (t.follows_ticket_id IS NOT NULL)::text AS follows,
                        t.follows_ticket_id, (t.session_id = m.session_id)::text AS in_question_session,
                        (c.session_id = m.session_id)::text AS in_chat_session,
                        (SELECT count(*) FROM tickets AS a WHERE a.chat_id = $1)::text AS tickets,
                        (SELECT count(*) FROM messages AS a WHERE a.chat_id = $1 AND a.ticket_id = t.id)::text AS filed
                    FROM messages AS m JOIN tickets AS t ON t.id = m.ticket_id JOIN chats AS c ON c.chat_id = m.chat_id
                    WHERE m.chat_id = $1 AND m.direction = 'in' ORDER BY m.id DESC LIMIT 1
                    """, [.text(chat)]
                ).first)
            let ticket = try row.decode(Int.self, "ticket")
            let follows = try row.optional(Int.self, "follows_ticket_id")
            let fields = try [
                "status", "category", "priority", "department", "language", "assignee", "closed_by", "follows",
                "in_question_session", "in_chat_session", "tickets", "filed",
            ].map { "\($0)=\(try row.optional(String.self, $0) ?? "NULL")" }
            states.append(
                fields.joined(separator: " ") + " inserted=\(inserted)"
                    + " same_ticket=\(previousTicket.map { $0 == ticket } ?? false)"
                    + " follows_previous=\(follows != nil && follows == previousTicket)")
            previousTicket = ticket
        }
        return states
    }

    @Test func theOneCallFilesAQuestionExactlyAsStoreAndEscalateDo() async throws {
        let app = try await TestApp.start()
        let databaseURL = app.databaseURL
        let (throughIngest, throughFunctions) = try await offPool {
            let connection = try PostgresConnection(url: databaseURL)
            return (
                try file(connection, chat: "parity-file-ingest", throughIngest: true),
                try file(connection, chat: "parity-file-functions", throughIngest: false)
            )
        }
        await app.stop()
        #expect(throughIngest.count == Self.filingSteps.count)
        for (ingest, functions) in zip(throughIngest, throughFunctions) {
            #expect(ingest == functions)
        }
        // The walk covers what it claims: a new ticket, joining with a raised (never lowered)
        // priority, a pending ticket reopened, a follow-up after closing.
        #expect(throughFunctions[0].contains("inserted=true") && throughFunctions[0].contains("status=new"))
        #expect(throughFunctions[1].contains("priority=high") && throughFunctions[1].contains("same_ticket=true"))
        #expect(throughFunctions[2].contains("priority=high") && throughFunctions[2].contains("filed=3"))
        #expect(throughFunctions[3].contains("status=open"))
        #expect(throughFunctions[4].contains("inserted=true") && throughFunctions[4].contains("follows_previous=true"))
    }

    @Test func aQuestionRacingTheCloseOfItsChatsTicketOpensALinkedFollowUp() async throws {
        let app = try await TestApp.start()
        let databaseURL = app.databaseURL
        let ingest = """
            SELECT ticket_id, ticket_follows_ticket_id, ticket_inserted, session_id
            FROM switchboard_ingest('race-chat', 'web', 'My monitor makes a strange buzzing sound', NULL, NULL, NULL,
                NULL, 'en', 1800, 0.75::real, 0.3::real, 'Hardware', 'medium', 'Workplace_Support', NULL, NULL, 60)
            """
        let operatorSession = try await offPool { OperatorSession(try PostgresConnection(url: databaseURL)) }
        let first = try await offPool {
            try #require(try operatorSession.connection.query(ingest).first).decode(Int.self, "ticket_id")
        }
        // An operator closes the ticket, as TicketStore does, and has not committed yet…
        try await offPool {
            let operatorConnection = operatorSession.connection
            try operatorConnection.execute("BEGIN")
            try operatorConnection.execute(
                "UPDATE tickets SET status = 'closed', closed_at = now(), closed_by = 'op' WHERE id = $1",
                [.int(first)])
            try operatorConnection.execute("UPDATE chats SET session_id = NULL WHERE chat_id = 'race-chat'")
        }
        // …when the next question comes: it waits for the chat…
        let next = Task {
            try await offPool {
                let connection = try PostgresConnection(url: databaseURL)
                let row = try #require(try connection.query(ingest).first)
                return (
                    try row.decode(Int.self, "ticket_id"), try row.optional(Int.self, "ticket_follows_ticket_id"),
                    try row.decode(Bool.self, "ticket_inserted")
                )
            }
        }
        // (Watched from a third session: inside the operator's transaction, pg_stat_activity
        // would show the snapshot taken at its first read.)
        let observer = try await offPool { OperatorSession(try PostgresConnection(url: databaseURL)) }
        let waits = await eventually {
            let rows = try? await offPool {
                try observer.connection.query(
                    "SELECT count(*)::int8 AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query LIKE '%switchboard_ingest%'")
            }
            return (try? rows?.first?.decode(Int.self, "n")) == 1
        }
        #expect(waits)
        _ = try await offPool { try operatorSession.connection.execute("COMMIT") }
        // …and, the close committed, files into a new ticket that follows the closed one.
        let (second, follows, inserted) = try await next.value
        await app.stop()
        #expect(second != first)
        #expect(inserted)
        #expect(follows == first)
    }
}

/// A connection used by one test step after another (never two at once), carried across
/// `offPool` threads; the steps' order is the test's.
private final class OperatorSession: @unchecked Sendable {
    let connection: PostgresConnection

    init(_ connection: PostgresConnection) {
        self.connection = connection
    }
}
