import Admission
import Foundation
import HTTP1
import HTTPServer

extension Router {
    /// `/notify` (or WEBSOCKET_PATH): admin dashboards; a wrong or missing token is refused
    /// with 401 before the upgrade (429 once an address has sent too many wrong ones);
    /// `since` asks for a replay. `?ticket=` (from `POST /notify/ticket`) stands in for the
    /// token, so the dashboard page never puts the token in a URL; `?token=` still works
    /// for scripts.
    mutating func addNotifyRoute(
        path: String, gate: AdminGate, tickets: DashboardTickets, hub: DashboardHub, replies: OperatorReplySink
    ) {
        addWebSocket(
            path,
            WebSocketUpgrader { request in
                var since: Int? = nil
                if let text = request.query["since"] {
                    guard let value = Int(text), value >= 0 else {
                        return .refuse(HTTPError.badRequest("since must be an event id (a whole number)").response)
                    }
                    since = value
                }
                let session = DashboardSession(hub: hub, since: since, replies: replies)
                if let ticket = request.query["ticket"], request.query["token"] == nil,
                    request.headers["Authorization"] == nil
                {
                    let address = gate.clientAddress(of: request)
                    if gate.isThrottled(address) { return .refuse(gate.throttledResponse) }
                    guard DashboardTickets.isWellFormed(ticket) else {
                        gate.recordFailure(from: address)
                        return .refuse(HTTPError.unauthorized("malformed ticket").response)
                    }
                    return .accept(
                        TicketedDashboardSession(
                            ticket: ticket, tickets: tickets, gate: gate, address: address, session: session))
                }
                switch gate.check(request, allowQueryToken: true) {
                case .admin:
                    return .accept(session)
                case .throttled:
                    return .refuse(gate.throttledResponse)
                case .anonymous, .refused:
                    return .refuse(HTTPError.unauthorized("missing or wrong token").response)
                }
            })
        // The ticket: `Authorization: Bearer ADMIN_API_TOKEN` only (never in the URL).
        post(path + "/ticket") { request in
            switch gate.check(request) {
            case .admin:
                break
            case .throttled:
                return gate.throttledResponse
            case .anonymous, .refused:
                return HTTPError.unauthorized("missing or wrong admin token").response
            }
            do {
                let ticket = try await tickets.issue()
                var response = HTTPResponse.json(raw: "{\"ticket\":\"\(ticket)\",\"expires_in\":\(tickets.ttlSeconds)}")
                response.headers.set("Cache-Control", "no-store")
                return response
            } catch {
                return HTTPError(503, code: "unavailable", message: "storage unavailable; try again").response
            }
        }
    }
}
