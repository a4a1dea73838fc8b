import HTTPServer
import WebSocket

/// What a visitor's socket holds in the hub while it is open, in either dialect: its record
/// in the registry (operator replies and broadcasts find it there) and the line that answers
/// its messages one at a time. `ContactSession` and `PipelineSession` each keep one and
/// differ only in their frames; it runs on the socket's loop, as they do.
final class VisitorPresence {
    /// The desk chat the socket writes to.
    private let chatID: String
    /// The address whose ceiling it counts against.
    private let clientAddress: String
    /// The language the visitor reads.
    let language: VisitorLanguage
    /// The shared parts (registry, desk, limits).
    private let services: VisitorServices
    /// The registry's record of the socket, while open.
    private var entry: VisitorEntry?
    /// Answers the visitor's messages one at a time, while open.
    private var line: AnswerLine?

    init(chatID: String, clientAddress: String, language: VisitorLanguage, services: VisitorServices) {
        self.chatID = chatID
        self.clientAddress = clientAddress
        self.language = language
        self.services = services
    }

    /// Registers `entry`, made for `socket`, and opens the answer line. Until the desk
    /// detects the visitor's language in a message, the widget's is the chat's.
    func open(_ entry: VisitorEntry, on socket: ServerWebSocket) {
        self.entry = entry
        line = AnswerLine(loop: socket.loop, limit: services.options.maxWaitingMessages)
        services.registry.add(entry)
        let (conversation, code, chatID) = (services.conversation, language.current.rawValue, chatID)
        Task { await conversation.remember(code, of: chatID, onlyIfUnknown: true) }
    }

    /// Whether a text frame may be handled: it counts as activity, then against the
    /// message limits; a refused one is answered with an error frame here.
    func admitsMessage(on socket: ServerWebSocket) -> Bool {
        entry?.touch()
        guard let refusal = services.limits.admitMessage(chatID: chatID, from: clientAddress) else { return true }
        refuse(language.texts.text(for: refusal), on: socket)
        return false
    }

    /// Answers what the visitor may not send with an error frame; the socket stays open.
    func refuse(_ reason: String, on socket: ServerWebSocket) {
        socket.send(text: ClientError.json(reason))
    }

    /// Queues `answer` on the line; a full line is answered with "busy".
    func submit(on socket: ServerWebSocket, _ answer: @escaping @Sendable () async -> Void) {
        if line?.submit(answer) == false { refuse(language.texts.busy, on: socket) }
    }

    /// Unregisters the socket and drops what waited for an answer.
    func close() {
        if let entry { services.registry.remove(entry) }
        line?.cancel()
        entry = nil
    }
}
