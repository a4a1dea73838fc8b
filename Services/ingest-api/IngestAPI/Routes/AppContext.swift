import Admission
import ChatState
import Foundation
import TelegramOutbox

/// What the route handlers share: the ingest service (whose stores of chats, tickets and
/// the FAQ, and language detector, the admin routes use too), the Redis stores and the
/// admin guard.
struct AppContext: Sendable {
    /// POST /api/ingest, and the PostgreSQL stores.
    let ingest: IngestService
    /// Chat modes in Redis.
    let modes: ChatModeStore
    /// The dead-letter stores of the desk's streams.
    let deadLetters: [DeadLetters]
    /// The outbox rows parked by the drainer (stream `event_outbox` in the same routes).
    let outboxDeadLetters: OutboxDeadLetters
    /// The admin token check, with its brake on wrong tokens.
    let auth: AdminAuth
    /// `INTERNAL_API_TOKEN`: a caller presenting it is the desk itself (CONTRACT §3).
    let internalToken: AdminToken
    /// The OpenAPI document served at /openapi.json.
    let openAPIDocument: [UInt8]
}
