import DeskProtocol
import Domain
import Foundation
import HTTPServer
import WebSocket

/// One `/contact` visitor (the original contact-service dialect, CONTRACT §6): a chat
/// `web-<client_id>` that keeps its id across reconnects; contact requests notify the
/// desk, chat messages go through the desk by the chat's mode.
///
/// Runs on its socket's loop; desk calls run in tasks, one message at a time.
final class ContactSession: VisitorSession, @unchecked Sendable {
    /// The visitor's id, kept across reconnects (`?client_id=`).
    private let clientID: String
    /// The desk chat: "web-" + the client id (CONTRACT §3).
    private let chatID: String
    /// The address whose ceiling it counts against.
    private let clientAddress: String
    /// The shared parts (registry, desk, limits).
    private let services: VisitorServices
    /// Held while open; released on close to break the socket ↔ handler cycle.
    private var socket: ServerWebSocket?
    /// The socket's registry record and answer line.
    let presence: VisitorPresence
    /// The names a contact request gave, used for later messages too.
    private var user: ChatUser
    /// The language the visitor reads.
    private var language: VisitorLanguage { presence.language }

    /// A session for `clientID`, from `clientAddress`, starting in `language`.
    init(clientID: String, clientAddress: String, language: VisitorLanguage, services: VisitorServices) {
        self.clientID = clientID
        chatID = "web-" + clientID
        self.clientAddress = clientAddress
        self.services = services
        presence = VisitorPresence(chatID: chatID, clientAddress: clientAddress, language: language, services: services)
        user = ChatUser(id: chatID)
    }

    /// Registers the socket (operator replies and broadcasts find it) and greets the visitor.
    func webSocketDidOpen(_ socket: ServerWebSocket) {
        self.socket = socket
        let entry = VisitorEntry(connectionID: clientID, dialect: .contact, socket: socket) { reply in
            socket.send(text: ContactFrames.chatMessage(reply.text, sender: reply.sender))
        }
        presence.open(entry, on: socket)
        socket.send(text: ContactFrames.established(clientID: clientID, texts: language.texts))
    }

    /// One visitor message: rate limited, then ping, chat message or contact request.
    func webSocket(_ socket: ServerWebSocket, didReceiveText text: String) {
        guard presence.admitsMessage(on: socket) else { return }
        switch ContactCommand.parse(text) {
        case .ping:
            socket.send(text: ContactFrames.pong())
        case .chatMessage(let message):
            socket.send(text: ContactFrames.chatMessageReceived(message))
            ask(message, socket: socket)
        case .contactRequest(let request):
            guard services.limits.admitContactRequest(chatID: chatID) else {
                presence.refuse(language.texts.contactAlreadyRequested, on: socket)
                return
            }
            notifyDesk(request, socket: socket)
        case .invalid(let reason):
            presence.refuse(reason, on: socket)
        }
    }

    /// Unregisters the socket and drops what waited for an answer.
    func webSocketDidClose(_ socket: ServerWebSocket, code: WebSocketCloseCode?) {
        presence.close()
        self.socket = nil
    }

    /// Queues the message for the desk; the answer (or an error) follows as its own frame.
    private func ask(_ message: String, socket: ServerWebSocket) {
        let conversation = services.conversation
        let user = user
        let chatID = chatID
        let language = language
        presence.submit(on: socket) {
            // /contact has no streaming frames: the widget shows "typing" until the answer.
            let outcome = await conversation.handle(message, chatID: chatID, user: user, language: language) { _ in }
            switch outcome {
            case .answered(let text), .ticket(let text):
                socket.send(text: ContactFrames.chatMessage(text, sender: "bot"))
            case .forwardedToOperator:
                break  // the operator's reply arrives through the hub bus
            case .failed(let reason):
                socket.send(text: ClientError.json(reason))
            }
        }
    }

    /// Publishes the `new_session` event of a contact request, then acknowledges it.
    private func notifyDesk(_ request: ContactCommand.ContactRequest, socket: ServerWebSocket) {
        if let firstName = request.firstName { user.firstName = firstName }
        if let lastName = request.lastName { user.lastName = lastName }
        if let username = request.username { user.username = username }
        let event = NewSessionData.contactRequest(request.message, user: user)
        let events = services.events
        let gate = services.contactGate
        let logger = services.logger
        let (clientAddress, chatID) = (clientAddress, chatID)
        let language = language
        Task {
            do {
                switch try await gate.admit(request.message, from: clientAddress) {
                case .alert:
                    try await events.publish(.newSession(event))
                case .repeated:
                    // The admins have this text from this address already: no second page.
                    logger.info("contact request coalesced", ["chat_id": .string(chatID)])
                case .overBudget:
                    socket.send(text: ClientError.json(language.texts.contactAddressBusy))
                    return
                }
                socket.send(text: ContactFrames.contactRequestReceived(texts: language.texts))
            } catch {
                logger.warning("contact request not published", ["error": .string("\(error)")])
                socket.send(text: ClientError.json(language.texts.unreachable))
            }
        }
    }
}
