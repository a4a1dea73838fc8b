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
        await publish([.message(message)])
    }

    /// `ticket_created`: a ticket was opened.
    func ticketCreated(_ ticket: Ticket) async {
        await publish([.ticketCreated(ticket)])
    }

    /// `ticket_updated`: a ticket changed (status, priority, assignee, a question joined it).
    func ticketUpdated(_ ticket: Ticket) async {
        await publish([.ticketUpdated(ticket)])
    }

    /// `new_session`: a question needs a human.
    func newSession(_ data: NewSessionData) async {
        await publish([.newSession(data)])
    }

    /// `mode_changed`: a chat moved between bot and operator.
    func modeChanged(chatID: String, mode: ChatMode) async {
        await publish([.modeChanged(ModeChangedData(chatID: chatID, mode: mode.rawValue))])
    }

    /// Publishes `events` in order, with consecutive ids, in one round trip; a failure is
    /// logged, not thrown.
    func publish(_ events: [DeskEvent]) async {
        do {
            try await publisher.publish(try events.map { try $0.pending() })
        } catch {
            logger.warning(
                "events not published", ["types": .string(events.map(\.type).joined(separator: ",")),
                                         "error": .string("\(error)")])
        }
    }
}
