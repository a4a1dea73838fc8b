import Foundation
import Postgres
import TestSupport
import Testing

/// `switchboard_ingest` stores a question with its own copy of `switchboard_store_message`'s
/// statement (migration 0004: a nested call cost a tenth of a FAQ answer's database time).
/// This holds the two to the same behaviour: the same steps, taken by one chat through
/// each function, leave the same users, chats and messages behind (ids, times and uuids
/// compared by how they relate, not by value).
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
                .text(step.language == "ru" ? "Как сбросить пароль?" : "How do I reset my password?"), .text(user),
                PostgresValue(step.firstName), .null, PostgresValue(step.username), .text(step.language),
                .double(step.idleSeconds),
            ]
            if throughIngest {
                try connection.execute(
                    """
                    SELECT * FROM switchboard_ingest($1, $2, $3, $4, $5, $6, $7, $8, $9, 0.75::real, 0.3::real,
                        'General', 'medium', 'Service_Desk', NULL, 60)
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
                        (c.user_id = u.id)::text AS chat_is_users, m.direction, m.sender, m.text, (m.user_id = u.id)::text AS by_user,
                        m.session_id::text AS session, (m.session_id = c.session_id)::text AS in_chat_session,
                        (m.session_id = (SELECT t.session_id FROM tickets AS t WHERE t.chat_id = c.chat_id
                            AND t.status <> 'closed'))::text AS in_ticket_session, (m.ticket_id IS NULL)::text AS no_ticket
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
}
