import Foundation
import HTTP1
import HTTPServer

extension Router {
    /// The visitor WebSockets: `/contact` and `/api/v1/pipelines/{p}/ws/connect`. Each
    /// upgrade counts against its client IP's connection limit (429 past it); bad ids are
    /// refused with 400 before the upgrade.
    mutating func addVisitorSockets(services: VisitorServices) {
        addWebSocket(
            "/contact",
            WebSocketUpgrader { request in
                let client = ClientAddress.of(request, trustedProxies: services.options.trustedProxies)
                guard services.connectionLimiter.allow(client) else { return .refuse(Self.tooManyConnections) }
                var clientID = UUID().uuidString.lowercased()
                if let given = request.query["client_id"] {
                    // Only ids this hub could have handed out: a reconnect keeps its chat,
                    // nothing else can be smuggled into chat ids and Redis names.
                    guard let uuid = UUID(uuidString: given) else {
                        return .refuse(HTTPError.badRequest("client_id must be a UUID").response)
                    }
                    clientID = uuid.uuidString.lowercased()
                }
                return .accept(ContactSession(clientID: clientID, clientAddress: client, services: services))
            })
        addWebSocket(
            "/api/v1/pipelines/{pipeline_uuid}/ws/connect",
            WebSocketUpgrader { request in
                let client = ClientAddress.of(request, trustedProxies: services.options.trustedProxies)
                guard services.connectionLimiter.allow(client) else { return .refuse(Self.tooManyConnections) }
                let address: PipelineAddress
                do throws(PipelineAddress.Invalid) {
                    address = try PipelineAddress(
                        pipeline: request.parameter("pipeline_uuid") ?? "", sessionType: request.query["session_type"])
                } catch {
                    return .refuse(HTTPError.badRequest(error.message).response)
                }
                return .accept(PipelineSession(address: address, clientAddress: client, services: services))
            })
    }

    /// 429 with the time after which one more connection is allowed at the configured rate.
    private static var tooManyConnections: HTTPResponse {
        HTTPError(
            429, code: "rate_limited", message: "too many connections from your address; try again later",
            headers: ["Retry-After": "5"]
        ).response
    }
}
