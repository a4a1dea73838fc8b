import DeskProtocol
import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@testable import IngestAPI

/// `switchboard_ingest` writes the events of a question itself (`event_json.sql`: one
/// statement on the event loop), with SQL twins of DeskProtocol's `EventJSON` and of
/// `NewSessionData`'s encoding. This holds the twins to Swift's text: every row the call
/// writes is decoded into its typed event and written again by Swift, and the two texts
/// must be the same, byte for byte (texts with quotes, backslashes, line breaks, the other
/// control characters, Cyrillic, Chinese and an emoji; a user with and without names).
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct EventJSONParityTests {
    /// One outbox row as the call wrote it.
    private struct Row {
        var type: String
        var data: String
    }

    /// The outbox rows after `id`, in order.
    private func rows(after id: Int64, in databaseURL: String) async throws -> [Row] {
        try await offPool {
            let connection = try PostgresConnection(url: databaseURL)
            return try connection.query(
                "SELECT type, data FROM event_outbox WHERE id > $1 ORDER BY id", [.int(Int(id))]
            ).map { Row(type: try $0.decode(String.self, "type"), data: try $0.decode(String.self, "data")) }
        }
    }

    /// The newest outbox id.
    private func newestRow(in databaseURL: String) async throws -> Int64 {
        try await offPool {
            let connection = try PostgresConnection(url: databaseURL)
            return try connection.query("SELECT coalesce(max(id), 0) AS id FROM event_outbox").first?
                .decode(Int64.self, "id") ?? 0
        }
    }

    /// Ingests `fields` and returns the response with the rows the call wrote.
    private func ingest(_ app: TestApp, _ fields: [String: Any]) async throws -> ([String: Any], [Row]) {
        let before = try await newestRow(in: app.databaseURL)
        let (status, body) = try await app.ingest(fields)
        #expect(status == 200)
        return (body, try await rows(after: before, in: app.databaseURL))
    }

    /// The typed event of a row, written again by Swift.
    private func swiftText(of row: Row) throws -> String {
        let envelope = "{\"type\":\"\(row.type)\",\"data\":\(row.data)}"
        let event = try #require(DeskEvent.decode(envelope), "the row does not decode as its type: \(row.data)")
        return try event.dataJSON()
    }

    private func expectSameText(_ rows: [Row], types: [String]) throws {
        #expect(rows.map(\.type) == types)
        for row in rows {
            let swift = try swiftText(of: row)
            #expect(swift == row.data, "SQL and Swift write \(row.type) differently: \(row.data) against \(swift)")
        }
    }

    /// A text with what JSON must escape and what it must not.
    static let awkward = "Пароль \"admin\\root\"\n\tне работает / 密码 🔑 \u{8}\u{C}\u{1}\r!"

    @Test func anAnsweredQuestionsTwoMessagesAreWrittenAsSwiftWritesThem() async throws {
        let app = try await TestApp.start()
        let (body, written) = try await ingest(
            app,
            [
                "text": "How do I reset my password?", "chat_id": "parity-1",
                "user": ["id": "9001", "first_name": "Ada \"A\"", "username": "ada"],
            ])
        #expect(body["status"] as? String == "closed_auto")
        try expectSameText(written, types: ["message", "message"])
        let question = try JSONSerialization.jsonObject(with: Data(written[0].data.utf8)) as? [String: Any]
        #expect(question?["id"] as? Int == body["message_id"] as? Int)
        #expect(question?["text"] as? String == "How do I reset my password?")
        await app.stop()
    }

    @Test func aNewTicketsMessageNewSessionAndTicketAreWrittenAsSwiftWritesThem() async throws {
        let app = try await TestApp.start()
        let (body, written) = try await ingest(
            app,
            [
                "text": Self.awkward, "chat_id": "parity-2",
                "user": ["id": "9002", "first_name": "Иван", "last_name": "Петров \\ \"И\"", "username": "ivan"],
            ])
        #expect(body["status"] as? String == "new")
        try expectSameText(written, types: ["message", "new_session", "ticket_created"])
        let session = try #require(
            try JSONSerialization.jsonObject(with: Data(written[1].data.utf8)) as? [String: Any])
        #expect(session["message"] as? String == Self.awkward)
        #expect(session["user_id"] as? String == "9002")
        #expect(session["session_id"] as? String == body["session_id"] as? String)
        #expect(session["response"] as? String == IngestService.noAnswerReason(nearestScore: nil))
        let ticket = try JSONSerialization.jsonObject(with: Data(written[2].data.utf8)) as? [String: Any]
        #expect(ticket?["id"] as? Int == body["ticket_id"] as? Int)
        await app.stop()
    }

    @Test func aNearMissTellsHowNearAsSwiftWouldAndAJoiningQuestionUpdatesTheTicket() async throws {
        let app = try await TestApp.start()
        // Near an FAQ entry but under the threshold: the reason carries the score, rounded
        // down as Swift's Int() does; no user: the chat id stands in.
        let (first, filed) = try await ingest(
            app, ["text": "How do I reset my password on the printer", "chat_id": "parity-3"])
        #expect(first["status"] as? String == "new")
        try expectSameText(filed, types: ["message", "new_session", "ticket_created"])
        let session = try #require(
            try JSONSerialization.jsonObject(with: Data(filed[1].data.utf8)) as? [String: Any])
        #expect(session["user_id"] as? String == "parity-3")
        #expect((session["response"] as? String)?.hasPrefix("No confident answer (best FAQ match ") == true)

        let (second, joined) = try await ingest(app, ["text": Self.awkward, "chat_id": "parity-3"])
        #expect(second["ticket_id"] as? Int == first["ticket_id"] as? Int)
        try expectSameText(joined, types: ["message", "ticket_updated"])
        await app.stop()
    }

    @Test func theNoAnswerReasonTruncatesTheScoreAsSwiftDoes() async throws {
        let app = try await TestApp.start()
        // Scores whose hundredfold is a hair under or over a whole number, as real (the
        // FAQ's similarity type) widened to double.
        let scores: [Float] = [0.29, 0.3, 0.57, 0.58, 0.7, 0.999, 0.01, 0]
        let texts = try await offPool { [databaseURL = app.databaseURL] in
            let connection = try PostgresConnection(url: databaseURL)
            return try scores.map { score in
                try connection.query(
                    "SELECT switchboard_no_answer_reason($1::real::float8) AS reason", [.double(Double(score))]
                ).first?.decode(String.self, "reason")
            }
        }
        #expect(texts == scores.map { IngestService.noAnswerReason(nearestScore: Double($0)) })
        await app.stop()
    }
}
