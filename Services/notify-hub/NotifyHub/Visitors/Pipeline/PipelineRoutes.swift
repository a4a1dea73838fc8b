import Admission
import DeskProtocol
import Foundation
import HTTP1
import HTTPServer

extension Router {
    /// The web IM REST endpoints (CONTRACT §6), answered in the `{code,msg,data}` envelope.
    /// What reads or changes a conversation needs the admin token (`messages`, `reset`, the
    /// broadcasts); `connections` shows its counts to anyone and connection ids to admins.
    mutating func addPipelineRoutes(services: VisitorServices, gate: AdminGate) {
        let base = "/api/v1/pipelines/{pipeline_uuid}/ws"
        get(base + "/messages/{session_type}") { request in
            await RESTEnvelope.respond {
                try Self.requireAdmin(request, gate: gate)
                let address = try Self.address(of: request, services: services)
                return RESTEnvelope.ok(
                    dataJSON: "{\"messages\":\(try await services.history.messagesJSON(of: address))}")
            }
        }
        post(base + "/reset/{session_type}") { request in
            await RESTEnvelope.respond {
                try Self.requireAdmin(request, gate: gate)
                let address = try Self.address(of: request, services: services)
                try await services.history.reset(address)
                return RESTEnvelope.ok(message: "Session reset successfully")
            }
        }
        get(base + "/connections") { request in
            await RESTEnvelope.respond {
                try Self.limit(request, services: services)
                let isAdmin: Bool
                switch gate.check(request) {
                case .admin: isAdmin = true
                case .anonymous: isAdmin = false
                case .refused: throw Self.unauthorized
                case .throttled: throw Self.throttled(gate)
                }
                let pipeline = try Self.pipeline(of: request)
                // Our own part fresh; the other instances' as of their last report.
                try await services.reporter.report()
                let stats = try await services.reporter.stats(pipeline: pipeline)
                return RESTEnvelope.ok(dataJSON: FrameJSON.encode(isAdmin ? stats : stats.withoutConnectionIDs()))
            }
        }
        post(base + "/broadcast") { request in
            await RESTEnvelope.respond {
                try Self.requireAdmin(request, gate: gate)
                let pipeline = try Self.pipeline(of: request)
                let message = try BroadcastBody.message(of: request)
                try await services.bus.publish(
                    HubBroadcast(message: message, timestamp: VisitorTimestamp.now(), pipeline: pipeline))
                return RESTEnvelope.ok(message: "Broadcast sent successfully")
            }
        }
        post("/api/v1/broadcast") { request in
            await RESTEnvelope.respond {
                try Self.requireAdmin(request, gate: gate)
                let message = try BroadcastBody.message(of: request)
                try await services.bus.publish(HubBroadcast(message: message, timestamp: VisitorTimestamp.now()))
                try await services.events.publish(.broadcast(BroadcastData(message: message)))
                return RESTEnvelope.ok(message: "Broadcast sent successfully")
            }
        }
    }

    /// The pipeline and session type of a request, validated, after the rate limit.
    private static func address(of request: HTTPRequest, services: VisitorServices) throws(RESTFailure)
        -> PipelineAddress
    {
        try limit(request, services: services)
        let pipeline = try pipeline(of: request)
        do {
            return try PipelineAddress(pipeline: pipeline, sessionType: request.parameter("session_type") ?? "")
        } catch {
            throw RESTFailure(400, error.message)
        }
    }

    /// The validated `{pipeline_uuid}` of a request.
    private static func pipeline(of request: HTTPRequest) throws(RESTFailure) -> String {
        let pipeline = request.parameter("pipeline_uuid") ?? ""
        guard PipelineAddress.isValidPipeline(pipeline) else {
            throw RESTFailure(400, "pipeline_uuid must be 1-64 characters of A-Z, a-z, 0-9, '-' and '_'")
        }
        return pipeline
    }

    /// The per-IP ceiling of the pipeline REST calls (a budget apart from visitor messages,
    /// so an office that chats can still read its conversations and counts).
    private static func limit(_ request: HTTPRequest, services: VisitorServices) throws(RESTFailure) {
        let client = ClientAddress.of(request, trustedProxies: services.options.trustedProxies)
        guard services.limits.admitRequest(from: client) else {
            throw RESTFailure(429, "too many requests; slow down", headers: ["Retry-After": "1"])
        }
    }

    /// 401 unless the request carries `Authorization: Bearer ADMIN_API_TOKEN`; 429 while its
    /// address is braked for wrong tokens.
    private static func requireAdmin(_ request: HTTPRequest, gate: AdminGate) throws(RESTFailure) {
        switch gate.check(request) {
        case .admin: return
        case .throttled: throw throttled(gate)
        case .anonymous, .refused: throw unauthorized
        }
    }

    /// The 401 of a missing or wrong admin token.
    private static var unauthorized: RESTFailure {
        RESTFailure(401, "missing or wrong admin token", headers: ["WWW-Authenticate": "Bearer"])
    }

    /// The 429 of an address braked for wrong admin tokens.
    private static func throttled(_ gate: AdminGate) -> RESTFailure {
        RESTFailure(
            429, "too many wrong admin tokens from your address; try again later",
            headers: ["Retry-After": String(gate.retryAfterSeconds)])
    }
}

/// The body of both broadcasts: `{"message":"…"}`.
enum BroadcastBody {
    /// Broadcasts travel to every visitor as one frame; a visitor's own limit is 64 KiB.
    static let maxMessageBytes = 64 * 1024

    /// The validated `message` of a broadcast body.
    static func message(of request: HTTPRequest) throws(RESTFailure) -> String {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] else {
            throw RESTFailure(400, "expected a JSON object like {\"message\":\"…\"}")
        }
        guard let message = object["message"] as? String,
            !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { throw RESTFailure(400, "message must be a non-empty string") }
        guard message.utf8.count <= maxMessageBytes else { throw RESTFailure(400, "message over 64 KiB") }
        return message
    }
}
