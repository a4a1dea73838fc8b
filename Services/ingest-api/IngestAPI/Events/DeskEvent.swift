import Domain
import Events

/// One event of CONTRACT §5 that ingest-api publishes, with its data.
enum DeskEvent: Sendable {
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

    /// The event's `type`.
    var type: String {
        switch self {
        case .message: "message"
        case .ticketCreated: "ticket_created"
        case .ticketUpdated: "ticket_updated"
        case .newSession: "new_session"
        case .modeChanged: "mode_changed"
        }
    }

    /// The event with its data encoded, ready for the publisher.
    func pending() throws -> EventPublisher.Pending {
        switch self {
        case .message(let message): return EventPublisher.Pending(type: type, dataJSON: EventJSON.message(message))
        case .ticketCreated(let ticket): return EventPublisher.Pending(type: type, dataJSON: EventJSON.ticket(ticket))
        case .ticketUpdated(var ticket):
            ticket.messages = nil
            return EventPublisher.Pending(type: type, dataJSON: EventJSON.ticket(ticket))
        case .newSession(let data): return try EventPublisher.Pending(type: type, data: data)
        case .modeChanged(let data): return try EventPublisher.Pending(type: type, data: data)
        }
    }
}
