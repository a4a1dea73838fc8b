import Domain
import Foundation
import Postgres

/// Idempotency keys of `POST /api/ingest` (migration 0003): a question sent again with the
/// same `Idempotency-Key` is handled once, and the repeat gets the first answer.
///
/// Without a model the key is claimed and answered inside `switchboard_ingest` (one
/// transaction: a repeat that arrives meanwhile waits and then gets the answer). With a
/// model, or streamed, the answer takes several calls: the key is claimed first, the answer
/// stored at the end; a repeat in between gets 409, and a claim whose handler died is taken
/// over after `abandonSeconds`.
struct RequestKeys: Sendable {
    /// The PostgreSQL access with its deadline and 503 mapping.
    let database: Database
    /// How old an unanswered claim must be before another request may take it over.
    let abandonSeconds: Double

    /// Claims `key`: nil when this request is to be handled, the earlier answer when one
    /// was given; `StoreError.requestInProgress` while another request with the key is
    /// being handled, `.requestKeyReused` when the key came with another request.
    func claim(_ key: RequestKey) async throws -> IngestResponse? {
        let rows = try await guardingInProgress {
            try await database.query(
                "SELECT switchboard_claim_request($1, $2, $3)::text AS response",
                [.text(key.scoped), .text(key.body), .double(abandonSeconds)])
        }
        return try rows.first?.optional(String.self, "response").map(Self.decode)
    }

    /// Stores the answer given for `key`.
    func finish(_ key: RequestKey, with response: IngestResponse) async throws {
        let json = String(decoding: try JSONEncoder().encode(response), as: UTF8.self)
        _ = try await database.query(
            "UPDATE ingest_requests SET response = $2::jsonb WHERE request_key = $1", [.text(key.scoped), .text(json)])
    }

    /// Gives up a claim that will get no answer (the handling failed), so a retry is
    /// handled anew instead of waiting out the abandon time.
    func release(_ key: RequestKey) async {
        _ = try? await database.query(
            "DELETE FROM ingest_requests WHERE request_key = $1 AND response IS NULL", [.text(key.scoped)])
    }

    /// A stored answer.
    static func decode(_ json: String) throws -> IngestResponse {
        try JSONDecoder().decode(IngestResponse.self, from: Data(json.utf8))
    }

    /// Runs `body`, turning "still being handled" (SQLSTATE 55006) into
    /// `StoreError.requestInProgress` and "used with another request" (SB422, raised by
    /// switchboard_claim_request) into `.requestKeyReused`.
    func guardingInProgress<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as PostgresError where error.sqlState == "55006" {
            throw StoreError.requestInProgress
        } catch let error as PostgresError where error.sqlState == "SB422" {
            throw StoreError.requestKeyReused
        }
    }
}
