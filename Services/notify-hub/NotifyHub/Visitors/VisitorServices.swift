import Catalog
import Events
import Logging

/// What every visitor session and route needs, built once by the app.
struct VisitorServices: Sendable {
    /// Limits and periods.
    let options: VisitorOptions
    /// This instance's visitor sockets.
    let registry: VisitorRegistry
    /// Messages through the desk by chat mode.
    let conversation: VisitorConversation
    /// DEFAULT_LANGUAGE: for a visitor whose language nothing tells.
    let defaultLanguage: Language
    /// The web IM histories.
    let history: PipelineHistory
    /// For the `new_session` of contact requests and the `broadcast` event.
    let events: EventPublisher
    /// Broadcasts and operator replies between instances.
    let bus: HubBus
    /// Connection reports and stats across instances.
    let reporter: InstanceReporter
    /// Contact requests per address, and repeats coalesced (before the admins are paged).
    let contactGate: ContactRequestGate
    /// Rate limits per visitor, and the per-IP ceilings.
    let limits: VisitorLimits
    /// The visitor side's log.
    let logger: Logger
}
