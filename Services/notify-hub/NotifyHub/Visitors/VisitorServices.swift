import Events
import Logging

/// What every visitor session and route needs, built once by the app.
struct VisitorServices: Sendable {
    let options: VisitorOptions
    let registry: VisitorRegistry
    let conversation: VisitorConversation
    let history: PipelineHistory
    /// For the `new_session` of contact requests and the `broadcast` event.
    let events: EventPublisher
    let bus: HubBus
    let reporter: InstanceReporter
    /// New sockets per client IP.
    let connectionLimiter: RateLimiter
    /// Messages (and REST calls) per client IP.
    let messageLimiter: RateLimiter
    let logger: Logger
}
