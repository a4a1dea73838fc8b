/// The column lists the stores select, so every query returns a row each mapper reads.
/// Times are formatted by PostgreSQL as the API shows them: ISO 8601 in UTC, seconds.
enum SQLColumns {
    /// `column` as "YYYY-MM-DDTHH:MM:SSZ".
    static func timestamp(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    }

    /// A message (CONTRACT §3), from `messages`.
    static let message = "id, chat_id, direction, sender, text, \(timestamp("created_at")) AS created_at"

    /// A ticket (CONTRACT §3 plus our extensions), from `tickets`.
    static let ticket = """
        id, status, category, priority, department, language, chat_id, assignee, closed_by, \
        \(timestamp("closed_at")) AS closed_at, follows_ticket_id, session_id::text AS session_id, \
        \(timestamp("created_at")) AS created_at, \(timestamp("updated_at")) AS updated_at
        """

    /// A FAQ entry (CONTRACT §3), from `faq`.
    static let faqEntry = "id, question, answer, language, category"
}
