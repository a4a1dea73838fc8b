import Admission
import Foundation
import HTTP1
import HTTPServer

extension Router {
    /// The visitor WebSockets: `/contact` and `/api/v1/pipelines/{p}/ws/connect`. Bad ids
    /// are refused with 400 before the upgrade; then a `/contact` reconnect counts against
    /// its client id's budget and every upgrade against its client IP's ceiling (429 past
    /// either).
    mutating func addVisitorSockets(services: VisitorServices) {
        addWebSocket(
            "/contact",
            WebSocketUpgrader { request in
                var clientID = UUID().uuidString.lowercased()
                var reconnecting: String?
                if let given = request.query["client_id"] {
                    // Only ids this hub could have handed out: a reconnect keeps its chat,
                    // nothing else can be smuggled into chat ids and Redis names.
                    guard let uuid = UUID(uuidString: given) else {
                        return .refuse(HTTPError.badRequest("client_id must be a UUID").response)
                    }
                    clientID = uuid.uuidString.lowercased()
                    reconnecting = "web-" + clientID
                }
                return Self.admitVisitor(request, reconnecting: reconnecting, services: services) {
                    ContactSession(clientID: clientID, clientAddress: $0, language: $1, services: services)
                }
            })
        addWebSocket(
            "/api/v1/pipelines/{pipeline_uuid}/ws/connect",
            WebSocketUpgrader { request in
                let address: PipelineAddress
                do throws(PipelineAddress.Invalid) {
                    address = try PipelineAddress(
                        pipeline: request.parameter("pipeline_uuid") ?? "", sessionType: request.query["session_type"])
                } catch {
                    return .refuse(HTTPError.badRequest(error.message).response)
                }
                // Each connection is a new visitor (a fresh connection id): only the ceiling applies.
                return Self.admitVisitor(request, reconnecting: nil, services: services) {
                    PipelineSession(address: address, clientAddress: $0, language: $1, services: services)
                }
            })
    }

    /// Counts the upgrade against its client address (and `reconnecting`'s budget): the
    /// session `makeSession` makes for the address and the widget's language, or 429.
    private static func admitVisitor(
        _ request: HTTPRequest, reconnecting: String?, services: VisitorServices,
        makeSession: (_ clientAddress: String, _ language: VisitorLanguage) -> WebSocketHandler
    ) -> WebSocketUpgradeDecision {
        let client = ClientAddress.of(request, trustedProxies: services.options.trustedProxies)
        if let refusal = services.limits.admitConnection(from: client, reconnecting: reconnecting) {
            return .refuse(tooManyConnections(refusal))
        }
        return .accept(makeSession(client, VisitorLanguage(request: request, fallback: services.defaultLanguage)))
    }

    /// 429 with the time after which one more connection is likely allowed.
    private static func tooManyConnections(_ refusal: VisitorLimits.Refusal) -> HTTPResponse {
        let message =
            switch refusal {
            case .visitor: "too many reconnects of this client_id; try again later"
            case .address: "too many connections from your address; try again later"
            }
        return HTTPError(429, code: "rate_limited", message: message, headers: ["Retry-After": "5"]).response
    }
}
