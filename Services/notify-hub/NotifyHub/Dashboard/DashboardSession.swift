import DeskProtocol
import Events
import Foundation
import HTTPServer
import WebSocket

/// One `/notify` dashboard: replays what it missed (`since`), then goes live with neither
/// gap nor duplicate at the seam; answers pings; forwards operator replies.
///
/// Runs on its socket's loop; the replay's Redis read runs in a task and hops back.
final class DashboardSession: WebSocketHandler, @unchecked Sendable {
    private enum Phase {
        /// Waiting for the replay: live events are held here meanwhile.
        case replaying(pending: [DashboardEvent])
        /// Live; `lastID` is the newest id sent (0 before any).
        case live(lastID: Int)
    }

    private let hub: DashboardHub
    private let since: Int?
    private let replies: OperatorReplySink
    private var phase: Phase
    /// Strong while open (a weak load per delivery costs more than the delivery's own work);
    /// released on close, which breaks the socket ↔ handler cycle.
    private var socket: ServerWebSocket?

    init(hub: DashboardHub, since: Int?, replies: OperatorReplySink) {
        self.hub = hub
        self.since = since
        self.replies = replies
        phase = since == nil ? .live(lastID: 0) : .replaying(pending: [])
    }

    func webSocketDidOpen(_ socket: ServerWebSocket) {
        self.socket = socket
        hub.room(for: socket.loop).join(self)
        guard let since else { return }
        let log = hub.log
        Task {
            let outcome: Result<[EventLog.Entry], Error>
            var complete = true
            do {
                var entries: [EventLog.Entry] = []
                var after = since
                // Page until caught up, so a long absence is replayed whole.
                while true {
                    let page = try await log.events(after: after, limit: 5_000)
                    // Only the first page can find a gap: later ones continue from what it returned.
                    if after == since { complete = page.isComplete }
                    entries += page.entries
                    guard page.entries.count == 5_000, let last = page.entries.last else { break }
                    after = last.id
                }
                outcome = .success(entries)
            } catch {
                outcome = .failure(error)
            }
            let finalOutcome = outcome
            let recovered = complete
            socket.loop.execute { self.finishReplay(finalOutcome, recovered: recovered) }
        }
    }

    private func finishReplay(_ outcome: Result<[EventLog.Entry], Error>, recovered: Bool) {
        guard case .replaying(let pending) = phase, let socket else { return }
        // After an incomplete replay the client's id means nothing here (trimmed log or a
        // reset store whose ids start again): count from what this replay actually sent.
        var lastID = recovered ? (since ?? 0) : 0
        switch outcome {
        case .success(let entries):
            if !recovered { socket.send(text: "{\"type\":\"replay\",\"recovered\":false}") }
            for entry in entries where entry.id > lastID {
                socket.send(encodedFrame: WebSocketFrameEncoder.encodeText(entry.json))
                lastID = entry.id
            }
        case .failure(let error):
            hub.logger.warning("replay failed", ["error": .string(String(describing: error))])
            socket.send(text: "{\"type\":\"replay\",\"recovered\":false}")
        }
        phase = .live(lastID: lastID)
        for event in pending { deliver(event) }
    }

    /// Sends one event unless this dashboard already has it.
    func deliver(_ event: DashboardEvent) {
        guard let socket else { return }
        switch phase {
        case .replaying(var pending):
            guard pending.count < hub.maxPendingDuringReplay else {
                socket.close(code: .tryAgainLater, reason: "replay backlog; reconnect with since")
                return
            }
            pending.append(event)
            phase = .replaying(pending: pending)
        case .live(let lastID):
            if let id = event.id {
                guard id > lastID else { return }
                phase = .live(lastID: id)
            }
            socket.enqueue(event.frame)
        }
    }

    func webSocket(_ socket: ServerWebSocket, didReceiveText text: String) {
        if text == "keepalive" { return }
        switch DashboardCommand.parse(text) {
        case .ping:
            socket.send(text: "{\"type\":\"pong\",\"timestamp\":\"\(EventTimestamp.now())\"}")
        case .reply(let chatID, let message):
            replies.forward(chatID: chatID, text: message) { error in
                let note = error.map { "reply not delivered: \($0)" }
                if let note { socket.send(text: ClientError.json(note)) }
            }
        case .invalid(let reason):
            socket.send(text: ClientError.json(reason))
        }
    }

    func webSocket(_ socket: ServerWebSocket, didReceiveBinary bytes: [UInt8]) {
        socket.send(text: ClientError.json("binary messages are not supported; send JSON text"))
    }

    func webSocketDidClose(_ socket: ServerWebSocket, code: WebSocketCloseCode?) {
        hub.room(for: socket.loop).leave(self)
        self.socket = nil
    }
}
