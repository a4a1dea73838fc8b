import Domain
import Events
import Logging

/// The events ingest-api publishes (CONTRACT §5), through the shared `EventPublisher`
/// (numbered, kept for replay, published on `EVENTS_CHANNEL`).
///
/// Publishing happens after the data is committed. A failure (Redis down) is logged and
/// does not fail the request: the message or ticket is stored and the client must hear
/// so; dashboards that missed the event reload from the API (their replay reports the gap).
struct DeskEvents: Sendable {
    /// The shared publisher (numbering, replay log, pub/sub).
    let publisher: EventPublisher
    /// Where the service logs.
    let logger: Logger

    /// `message`: a message was stored.
    func messageStored(_ message: ChatMessage) async {
        await publish("message", message)
    }

    /// `ticket_created`: a ticket was opened.
    func ticketCreated(_ ticket: Ticket) async {
        await publish("ticket_created", ticket)
    }

    /// `ticket_updated`: a ticket changed (status, priority, assignee, a question joined it).
    func ticketUpdated(_ ticket: Ticket) async {
        var ticket = ticket
        ticket.messages = nil
        await publish("ticket_updated", ticket)
    }

    /// `new_session`: a question needs a human.
    func newSession(_ data: NewSessionData) async {
        await publish("new_session", data)
    }

    /// `mode_changed`: a chat moved between bot and operator.
    func modeChanged(chatID: String, mode: ChatMode) async {
        await publish("mode_changed", ModeChangedData(chatID: chatID, mode: mode.rawValue))
    }

    /// Publishes one event; a failure is logged, not thrown.
    private func publish<Data: Encodable & Sendable>(_ type: String, _ data: Data) async {
        do {
            try await publisher.publish(type: type, data: data)
        } catch {
            logger.warning("event not published", ["type": .string(type), "error": .string("\(error)")])
        }
    }
}
