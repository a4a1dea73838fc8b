import Domain
import Foundation
import Postgres

/// The FAQ in PostgreSQL: loading the file, the admin API's list/add/delete, and matching
/// a question (the similarity itself is computed by PostgreSQL: `switchboard_faq_candidates`
/// in the migrations).
struct FAQStore: Sendable {
    /// The PostgreSQL access with its deadline and 503 mapping.
    let database: Database

    /// The best entries for `text` in `language` scoring at least `minimumScore`, best first.
    func matches(for text: String, language: String, minimumScore: Double, limit: Int) async throws -> [FAQMatch] {
        let rows = try await database.query(
            """
            SELECT f.id, f.question, f.answer, f.language, f.category, c.score::float8 AS score
            FROM switchboard_faq_candidates($1, $2, $3::real, $4::int) AS c JOIN faq AS f ON f.id = c.faq_id
            ORDER BY c.score DESC, f.id
            """, [.text(text), .text(language), .double(minimumScore), .int(limit)])
        return try rows.map { row in
            FAQMatch(entry: try FAQEntry(row: row), score: try row.decode(Double.self, "score"))
        }
    }

    /// Inserts or updates (on language and question) each entry with its phrasings; one
    /// transaction, so a restart with an edited file never leaves half of it applied.
    @discardableResult
    func upsert(_ entries: [FAQFile.Entry]) async throws -> [FAQEntry] {
        try await database.transaction { connection in
            try entries.map { try Self.upsert($0, on: connection) }
        }
    }

    /// One entry: the row, then its phrasings (the question itself is always one).
    private static func upsert(_ entry: FAQFile.Entry, on connection: PostgresConnection) throws -> FAQEntry {
        let language = LanguageCode.normalized(entry.language) ?? entry.language
        let question = entry.question.trimmingCharacters(in: .whitespacesAndNewlines)
        let rows = try connection.query(
            """
            INSERT INTO faq (question, answer, language, category) VALUES ($1, $2, $3, $4)
            ON CONFLICT (language, question) DO UPDATE SET answer = EXCLUDED.answer, category = EXCLUDED.category
            RETURNING \(SQLColumns.faqEntry)
            """, [.text(question), .text(entry.answer), .text(language), PostgresValue(entry.category)])
        guard let row = rows.first else { throw PostgresError(.decoding, "upserting a FAQ entry returned no row") }
        let stored = try FAQEntry(row: row)
        let phrasings =
            [question]
            + (entry.phrasings ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        let list = String(decoding: try JSONEncoder().encode(phrasings), as: UTF8.self)
        try connection.execute(
            """
            INSERT INTO faq_phrasings (faq_id, language, phrasing)
            SELECT $1, $2, p FROM jsonb_array_elements_text($3::jsonb) AS p
            ON CONFLICT (faq_id, phrasing) DO NOTHING
            """, [.int(Int(stored.id ?? 0)), .text(language), .text(list)])
        try connection.execute(
            """
            DELETE FROM faq_phrasings
            WHERE faq_id = $1 AND phrasing NOT IN (SELECT jsonb_array_elements_text($2::jsonb))
            """, [.int(Int(stored.id ?? 0)), .text(list)])
        return stored
    }

    /// A page of entries, newest first, optionally of one language.
    func list(language: String?, limit: Int, before: Int64?) async throws -> Page<FAQEntry> {
        let rows = try await database.query(
            """
            SELECT \(SQLColumns.faqEntry) FROM faq
            WHERE ($1::text IS NULL OR language = $1) AND ($2::bigint IS NULL OR id < $2)
            ORDER BY id DESC LIMIT $3
            """, [PostgresValue(language), PostgresValue(before), .int(limit + 1)])
        return try Pagination.page(rows: rows, limit: limit, map: FAQEntry.init(row:), id: { $0.id ?? 0 })
    }

    /// Deletes an entry; false when there was none with that id.
    func delete(id: Int64) async throws -> Bool {
        let rows = try await database.query("DELETE FROM faq WHERE id = $1 RETURNING id", [.int(Int(id))])
        return !rows.isEmpty
    }
}
