import Domain
import Events
import Logging

/// The events ingest-api publishes (CONTRACT §5), through the shared `EventPublisher`
/// (numbered, kept for replay, published on `EVENTS_CHANNEL`).
///
/// Publishing happens after the data is committed, through the `EventSink`: in order, off
/// the request path. A failure (Redis down) is logged and does not fail the request: the
/// message or ticket is stored and the client must hear so; dashboards that missed the
/// event reload from the API (their replay reports the gap).
struct DeskEvents: Sendable {
    /// Publishes in hand-over order, batching what waits.
    let sink: EventSink
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

    /// Hands `events` to the sink: published in this order, with consecutive ids, after
    /// everything handed over before. Returns at once. (Async so that call sites read as
    /// the publishing they start.)
    func publish(_ events: [DeskEvent]) async {
        do {
            sink.send(try events.map { try $0.pending() })
        } catch {
            logger.warning(
                "events not encoded", ["types": .string(events.map(\.type).joined(separator: ",")),
                                       "error": .string("\(error)")])
        }
    }
}
