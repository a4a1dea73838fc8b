import Admission
import Config

/// The visitor side's rate limits (CONTRACT §6): budgets per visitor, keyed by its chat
/// (`web-<client or connection id>`), and per client IP only a ceiling that an office
/// behind one address does not reach. Safe from any thread.
struct VisitorLimits: Sendable {
    /// Why an action was refused: by the visitor's own budget or by its address's ceiling.
    enum Refusal: Equatable, Sendable {
        case visitor
        case address
    }

    /// Connections per `/contact` client id (reconnects).
    private let visitorConnections: RateLimiter
    /// Messages per visitor.
    private let visitorMessages: RateLimiter
    /// Contact requests (admin alerts) per chat.
    private let contactRequests: RateLimiter
    /// New visitor sockets per client IP.
    private let addressConnections: RateLimiter
    /// Visitor messages per client IP, all its visitors together.
    private let addressMessages: RateLimiter
    /// Pipeline REST calls per client IP: a budget apart from the visitors' messages.
    private let addressRequests: RateLimiter

    /// The limits `options` configures.
    init(_ options: VisitorOptions) {
        let keys = options.maxTrackedClients
        visitorConnections = .perMinute(options.connectionsPerMinute, maxKeys: keys)
        visitorMessages = .perSecond(options.messagesPerSecond, maxKeys: keys)
        // Two at once, then the hourly rate: a second click is forgiven, a loop is not.
        contactRequests = RateLimiter(
            capacity: 2, refillPerSecond: Double(options.contactRequestsPerHour) / 3600, maxKeys: keys)
        addressConnections = .perMinute(options.ipConnectionsPerMinute, maxKeys: keys)
        addressMessages = .perSecond(
            options.ipMessagesPerSecond, burstSeconds: options.ipBurst.inWholeSeconds, maxKeys: keys)
        addressRequests = .perSecond(
            options.ipRequestsPerSecond, burstSeconds: options.ipBurst.inWholeSeconds, maxKeys: keys)
    }

    /// Whether a new visitor socket from `address` may open; `reconnecting` is the chat of a
    /// `/contact` client id given back (nil for a new visitor). The visitor's own budget is
    /// asked first, so one widget in a reconnect loop does not spend its office's ceiling.
    func admitConnection(from address: String, reconnecting chatID: String?) -> Refusal? {
        if let chatID, !visitorConnections.allow(chatID) { return .visitor }
        return addressConnections.allow(address) ? nil : .address
    }

    /// Whether the visitor of `chatID` at `address` may send a message now (its own budget
    /// first, for the same reason).
    func admitMessage(chatID: String, from address: String) -> Refusal? {
        guard visitorMessages.allow(chatID) else { return .visitor }
        return addressMessages.allow(address) ? nil : .address
    }

    /// Whether `address` may make a pipeline REST call now.
    func admitRequest(from address: String) -> Bool {
        addressRequests.allow(address)
    }

    /// Whether the chat may page the admins with a contact request now.
    func admitContactRequest(chatID: String) -> Bool {
        contactRequests.allow(chatID)
    }
}
