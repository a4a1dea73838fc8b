import HTTP1
import HTTPServer

extension Router {
    /// `/notify` (or WEBSOCKET_PATH): admin dashboards; a wrong or missing token is refused
    /// with 401 before the upgrade; `since` asks for a replay.
    mutating func addNotifyRoute(path: String, token: AdminToken, hub: DashboardHub, replies: OperatorReplySink) {
        addWebSocket(
            path,
            WebSocketUpgrader { request in
                guard token.accepts(query: request.query["token"], authorization: request.headers["Authorization"]) else {
                    return .refuse(HTTPError.unauthorized("missing or wrong token").response)
                }
                var since: Int? = nil
                if let text = request.query["since"] {
                    guard let value = Int(text), value >= 0 else {
                        return .refuse(HTTPError.badRequest("since must be an event id (a whole number)").response)
                    }
                    since = value
                }
                return .accept(DashboardSession(hub: hub, since: since, replies: replies))
            })
    }
}
