import Config
import DeskProtocol
import Domain
import Foundation
import HTTPServer
import Logging
import WebSocket

/// One web IM connection (`/api/v1/pipelines/{p}/ws/connect`, CONTRACT §6): a chat
/// `web-<connection_id>` whose messages and answers join the history of its pipeline and
/// session type; bot answers stream as `response` frames ending with `is_final: true`.
///
/// Runs on its socket's loop; desk calls run in tasks, one message at a time.
final class PipelineSession: VisitorSession, @unchecked Sendable {
    /// A fresh id per connection (CONTRACT §6 `connection_id`).
    private let connectionID: String
    /// The desk chat: "web-" + the connection id (CONTRACT §3).
    private let chatID: String
    /// The pipeline and session type whose history this connection joins.
    private let address: PipelineAddress
    /// The address whose ceiling it counts against.
    private let clientAddress: String
    /// The shared parts (registry, desk, history, limits).
    private let services: VisitorServices
    /// The socket's registry record and answer line.
    let presence: VisitorPresence
    /// The language the visitor reads.
    private var language: VisitorLanguage { presence.language }

    /// A new connection to `address`, from `clientAddress`, starting in `language`.
    init(address: PipelineAddress, clientAddress: String, language: VisitorLanguage, services: VisitorServices) {
        connectionID = UUID().uuidString.lowercased()
        chatID = "web-" + connectionID
        self.address = address
        self.clientAddress = clientAddress
        self.services = services
        presence = VisitorPresence(chatID: chatID, clientAddress: clientAddress, language: language, services: services)
    }

    /// Registers the socket (operator replies and broadcasts find it) and sends `connected`.
    func webSocketDidOpen(_ socket: ServerWebSocket) {
        let (services, address, connectionID, clientAddress) = (services, address, connectionID, clientAddress)
        let entry = VisitorEntry(connectionID: connectionID, dialect: .pipeline(address), socket: socket) { reply in
            Task {
                await Self.showOperatorReply(
                    reply, socket: socket, address: address, clientAddress: clientAddress, connectionID: connectionID,
                    services: services)
            }
        }
        presence.open(entry, on: socket)
        socket.send(text: PipelineFrames.connected(connectionID: connectionID, address: address))
    }

    /// One client message: rate limited, then ping, disconnect or a message for the desk.
    func webSocket(_ socket: ServerWebSocket, didReceiveText text: String) {
        guard presence.admitsMessage(on: socket) else { return }
        switch PipelineCommand.parse(text) {
        case .ping:
            socket.send(text: PipelineFrames.pong())
        case .disconnect:
            socket.close(code: .normalClosure, reason: "disconnect requested")
        case .message(let text, let chain):
            let (services, address, connectionID, chatID) = (services, address, connectionID, chatID)
            let clientAddress = clientAddress
            let language = language
            presence.submit(on: socket) {
                await Self.answer(
                    text, chain: chain, socket: socket, address: address, clientAddress: clientAddress,
                    connectionID: connectionID, chatID: chatID, language: language, services: services)
            }
        case .invalid(let reason):
            presence.refuse(reason, on: socket)
        }
    }

    /// Unregisters the socket and drops what waited for an answer.
    func webSocketDidClose(_ socket: ServerWebSocket, code: WebSocketCloseCode?) {
        presence.close()
    }

    /// Records the visitor's message, asks the desk and streams the answer.
    private static func answer(
        _ text: String, chain: [PipelineMessage.ChainItem], socket: ServerWebSocket, address: PipelineAddress,
        clientAddress: String, connectionID: String, chatID: String, language: VisitorLanguage,
        services: VisitorServices
    ) async {
        // Id 0: a message the history does not keep (its address is over its quota).
        var firstID = 0
        do {
            let timestamp = VisitorTimestamp.now()
            let draft = PipelineMessage(id: 0, role: "user", content: text, messageChain: chain, timestamp: timestamp)
            if let refusal = try await services.history.admit(draft, from: clientAddress, to: address) {
                services.logger.info(
                    "IM message not kept: quota",
                    ["reason": .string(refusal.rawValue), "address": .string(clientAddress)])
            } else {
                firstID = try await services.history.reserveIDs(2, in: address)
                let question = PipelineMessage(
                    id: firstID, role: "user", content: text, messageChain: chain, timestamp: timestamp)
                try await services.history.append(question, to: address)
            }
        } catch {
            services.logger.warning("IM history unavailable", ["error": .string("\(error)")])
            socket.send(text: ClientError.json(language.texts.unreachable))
            return
        }
        let answerID = firstID > 0 ? firstID + 1 : 0
        let started = VisitorTimestamp.now()
        let throttle = StreamThrottle(interval: services.options.streamFrameInterval)
        let user = ChatUser(id: chatID, firstName: "Web visitor")
        let outcome = await services.conversation.handle(
            text, chatID: chatID, user: user, language: language
        ) { soFar in
            guard throttle.allow() else { return }
            let piece = PipelineMessage.assistant(id: answerID, content: soFar, timestamp: started)
            socket.send(text: PipelineFrames.response(piece, isFinal: false, connectionID: connectionID))
        }
        switch outcome {
        case .answered(let reply), .ticket(let reply):
            let message = PipelineMessage.assistant(id: answerID, content: reply, timestamp: started)
            socket.send(text: PipelineFrames.response(message, isFinal: true, connectionID: connectionID))
            if answerID > 0 { await keep(message, in: address, from: clientAddress, services: services) }
        case .forwardedToOperator:
            break  // the operator's reply arrives through the hub bus
        case .failed(let reason):
            socket.send(text: ClientError.json(reason))
        }
    }

    /// Shows an operator's reply as a final `response` and keeps it in the history.
    private static func showOperatorReply(
        _ reply: VisitorReply, socket: ServerWebSocket, address: PipelineAddress, clientAddress: String,
        connectionID: String, services: VisitorServices
    ) async {
        // Numbered from the history when Redis answers and the quota allows; shown either way.
        let timestamp = VisitorTimestamp.now()
        let draft = PipelineMessage.assistant(id: 0, content: reply.text, timestamp: timestamp)
        var id = 0
        do {
            if try await services.history.admit(draft, from: clientAddress, to: address) == nil {
                id = try await services.history.reserveIDs(1, in: address)
            }
        } catch {
            services.logger.warning("IM reply not kept", ["error": .string("\(error)")])
        }
        let message = PipelineMessage.assistant(id: id, content: reply.text, timestamp: timestamp)
        socket.send(text: PipelineFrames.response(message, isFinal: true, connectionID: connectionID))
        if id > 0 { await append(message, to: address, services: services) }
    }

    /// Keeps an answer when the quota of `clientAddress` allows; a failure only costs the
    /// history that message.
    private static func keep(
        _ message: PipelineMessage, in address: PipelineAddress, from clientAddress: String,
        services: VisitorServices
    ) async {
        do {
            guard try await services.history.admit(message, from: clientAddress, to: address) == nil else { return }
        } catch {
            services.logger.warning("IM answer not kept", ["error": .string("\(error)")])
            return
        }
        await append(message, to: address, services: services)
    }

    /// Appends a message already charged to its quota.
    private static func append(_ message: PipelineMessage, to address: PipelineAddress, services: VisitorServices)
        async
    {
        do {
            try await services.history.append(message, to: address)
        } catch {
            services.logger.warning("IM answer not kept", ["error": .string("\(error)")])
        }
    }
}
