import ChatState
import Foundation
import TelegramOutbox

/// What the route handlers share: the stores, the services and the admin guard.
struct AppContext: Sendable {
    /// POST /api/ingest.
    let ingest: IngestService
    /// Users, chats and messages.
    let chats: ChatStore
    /// Tickets.
    let tickets: TicketStore
    /// The FAQ in PostgreSQL.
    let faq: FAQStore
    /// Chat modes in Redis.
    let modes: ChatModeStore
    /// The dead-letter stores of the desk's streams.
    let deadLetters: [DeadLetters]
    /// The outbox rows parked by the drainer (stream `event_outbox` in the same routes).
    let outboxDeadLetters: OutboxDeadLetters
    /// The admin token check.
    let auth: AdminAuth
    /// `INTERNAL_API_TOKEN`: a caller presenting it is the desk itself (CONTRACT §3).
    let internalToken: String?
    /// Tells the language of texts that come without one.
    let detector: LanguageDetector
    /// The OpenAPI document served at /openapi.json.
    let openAPIDocument: [UInt8]
}
