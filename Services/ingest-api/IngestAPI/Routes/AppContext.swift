import ChatState
import Foundation

/// What the route handlers share: the stores, the services and the admin guard.
struct AppContext: Sendable {
    let ingest: IngestService
    let chats: ChatStore
    let tickets: TicketStore
    let faq: FAQStore
    let modes: ChatModeStore
    let events: DeskEvents
    let auth: AdminAuth
    let detector: LanguageDetector
    /// The OpenAPI document served at /openapi.json.
    let openAPIDocument: [UInt8]
}
