import Domain

/// One event of CONTRACT §5, with its data: what ingest-api, the gateway and notify-hub
/// publish and what operator-relay and the dashboards read. `dataJSON` writes the data as
/// it travels; `decode` reads an event's text back.
public enum DeskEvent: Sendable, Equatable {
    /// `message`: a message was stored.
    case message(ChatMessage)
    /// `ticket_created`: a ticket was opened.
    case ticketCreated(Ticket)
    /// `ticket_updated`: a ticket changed; its messages are not part of the event.
    case ticketUpdated(Ticket)
    /// `new_session`: a question needs a human.
    case newSession(NewSessionData)
    /// `mode_changed`: a chat moved between bot and operator.
    case modeChanged(ModeChangedData)
    /// `broadcast`: a text sent to every web IM connection of a pipeline.
    case broadcast(BroadcastData)

    /// The event types, as written in `type`.
    public enum Kind: String, Sendable, CaseIterable {
        case message
        case ticketCreated = "ticket_created"
        case ticketUpdated = "ticket_updated"
        case newSession = "new_session"
        case modeChanged = "mode_changed"
        case broadcast
    }

    /// The event's kind.
    public var kind: Kind {
        switch self {
        case .message: .message
        case .ticketCreated: .ticketCreated
        case .ticketUpdated: .ticketUpdated
        case .newSession: .newSession
        case .modeChanged: .modeChanged
        case .broadcast: .broadcast
        }
    }

    /// The event's `type`.
    public var type: String { kind.rawValue }

    /// The event's `data` as JSON text, keys sorted (the frequent message and ticket data
    /// written by hand, `EventJSON`; the rest by JSONEncoder).
    public func dataJSON() throws -> String {
        switch self {
        case .message(let message): return EventJSON.message(message)
        case .ticketCreated(let ticket): return EventJSON.ticket(ticket)
        case .ticketUpdated(var ticket):
            ticket.messages = nil
            return EventJSON.ticket(ticket)
        case .newSession(let data): return try EventJSON.encoded(data)
        case .modeChanged(let data): return try EventJSON.encoded(data)
        case .broadcast(let data): return try EventJSON.encoded(data)
        }
    }

    /// The event of a published text; nil for a type this suite does not define or data
    /// that is not of its type's shape.
    public static func decode(_ json: String) -> DeskEvent? {
        guard let kind = EventEnvelope.type(of: json).flatMap(Kind.init(rawValue:)) else { return nil }
        do {
            switch kind {
            case .message: return .message(try EventEnvelope.data(ChatMessage.self, of: json))
            case .ticketCreated: return .ticketCreated(try EventEnvelope.data(Ticket.self, of: json))
            case .ticketUpdated: return .ticketUpdated(try EventEnvelope.data(Ticket.self, of: json))
            case .newSession: return .newSession(try EventEnvelope.data(NewSessionData.self, of: json))
            case .modeChanged: return .modeChanged(try EventEnvelope.data(ModeChangedData.self, of: json))
            case .broadcast: return .broadcast(try EventEnvelope.data(BroadcastData.self, of: json))
            }
        } catch {
            return nil
        }
    }
}
