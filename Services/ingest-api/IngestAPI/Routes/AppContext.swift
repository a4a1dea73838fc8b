import Admission
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
    /// The admin token check, with its brake on wrong tokens.
    let auth: AdminAuth
    /// `INTERNAL_API_TOKEN`: a caller presenting it is the desk itself (CONTRACT §3).
    let internalToken: AdminToken
    /// Tells the language of texts that come without one.
    let detector: LanguageDetector
    /// The OpenAPI document served at /openapi.json.
    let openAPIDocument: [UInt8]
}
