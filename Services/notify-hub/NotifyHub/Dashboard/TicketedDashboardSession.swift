import Admission
import HTTPServer
import WebSocket

/// A `/notify` socket opened with `?ticket=`: the upgrade only checked the ticket's shape
/// (the upgrade decision is taken on the loop and cannot wait for Redis), so the socket
/// stays out of the feed until Redis confirms the ticket and uses it up; then it is the
/// dashboard session it wraps. A ticket unknown, expired or already used closes the socket
/// with 1008 before any event was sent, and counts as a wrong credential of its address.
final class TicketedDashboardSession: WebSocketHandler, @unchecked Sendable {
    private let ticket: String
    private let tickets: DashboardTickets
    private let gate: AdminGate
    private let address: String
    private let session: DashboardSession
    /// Set on the loop once Redis confirmed the ticket.
    private var isConfirmed = false
    /// Set on the loop when the socket closed (before or after the confirmation).
    private var isClosed = false

    init(ticket: String, tickets: DashboardTickets, gate: AdminGate, address: String, session: DashboardSession) {
        self.ticket = ticket
        self.tickets = tickets
        self.gate = gate
        self.address = address
        self.session = session
    }

    func webSocketDidOpen(_ socket: ServerWebSocket) {
        let (ticket, tickets) = (ticket, tickets)
        Task {
            let valid = (try? await tickets.redeem(ticket)) ?? false
            socket.loop.execute { self.confirm(valid, socket: socket) }
        }
    }

    private func confirm(_ valid: Bool, socket: ServerWebSocket) {
        guard !isClosed else { return }
        guard valid else {
            gate.recordFailure(from: address)
            socket.close(code: .policyViolation, reason: "ticket unknown, expired or already used")
            return
        }
        isConfirmed = true
        session.webSocketDidOpen(socket)
    }

    func webSocket(_ socket: ServerWebSocket, didReceiveText text: String) {
        // Nothing is acted on before the ticket is confirmed (no reply can be forwarded).
        guard isConfirmed else { return }
        session.webSocket(socket, didReceiveText: text)
    }

    func webSocket(_ socket: ServerWebSocket, didReceiveBinary bytes: [UInt8]) {
        guard isConfirmed else { return }
        session.webSocket(socket, didReceiveBinary: bytes)
    }

    func webSocketDidClose(_ socket: ServerWebSocket, code: WebSocketCloseCode?) {
        isClosed = true
        if isConfirmed { session.webSocketDidClose(socket, code: code) }
    }
}
