import DeskProtocol
import Domain
import Events

/// The desk events the relay acts on: `new_session` → admin alerts (and the user's name
/// remembered); `mode_changed` → the hand-off or its end; `message` from a web visitor in
/// operator mode → forwarded to the operator chat (Telegram users' messages come through
/// the gateway's hand-over instead).
struct EventHandler: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// The event kinds the relay acts on; the others are skipped without a claim.
    static let kinds: Set<DeskEvent.Kind> = [.newSession, .modeChanged, .message]

    /// Whether the relay reads events of this JSON's type (others need no claim).
    static func isRelevant(_ json: String) -> Bool {
        EventEnvelope.type(of: json).flatMap(DeskEvent.Kind.init(rawValue:)).map(kinds.contains) ?? false
    }

    /// Acts on `entry`; throws when it must be tried again.
    func handle(_ entry: EventLog.Entry) async throws {
        guard let event = DeskEvent.decode(entry.json) else {
            context.logger.warning("skipping a malformed event", ["id": .int(entry.id)])
            return
        }
        switch event {
        case .newSession(let session):
            let chatID = session.userID
            if !chatID.isEmpty, Channel.of(chatID: chatID) != .api {
                // A web visitor's contact request leaves no message in the history: the mark
                // is what lets an operator answer it by "chat_id: answer".
                try await context.seen.mark(chatID)
                try await context.profiles.remember(chatID, user: session.user, languageCode: nil)
            }
            try await AdminAlerts(context: context).send(session, eventID: entry.id)
        case .modeChanged(let change):
            let chatID = change.chatID
            // A dashboard take-over of a chat that never wrote is a conversation too.
            if Channel.of(chatID: chatID) != .api { try await context.seen.mark(chatID) }
            if change.mode == .operator {
                try await Handoff(context: context).toOperator(chatID, source: "event:\(entry.id)", waitForName: true)
            } else {
                try await Handoff(context: context).toBot(chatID)
            }
        case .message(let message):
            guard Channel.of(chatID: message.chatID) == .web, message.sender == .user,
                message.direction == .incoming, try await context.modes.mode(of: message.chatID) == .operator
            else { return }
            try await UserMessageForwarder(context: context).forward(
                chatID: message.chatID, text: message.text, media: nil, isEdit: false, id: "event:\(entry.id)")
        case .ticketCreated, .ticketUpdated, .broadcast:
            return  // not read (`isRelevant` keeps them from being claimed)
        }
    }
}
