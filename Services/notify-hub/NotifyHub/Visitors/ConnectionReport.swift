/// One instance's visitor connections as it reports them into Redis, and the stats of
/// `GET /api/v1/pipelines/{p}/ws/connections` summed over every instance's report.
struct InstanceSummary: Codable, Sendable, Equatable {
    /// Open web IM sockets per pipeline.
    var byPipeline: [String: Int] = [:]
    /// Open web IM sockets per session type.
    var bySessionType: [String: Int] = [:]
    /// Open `/contact` sockets (not part of the IM stats; for the dashboard's counts).
    var contact = 0

    enum CodingKeys: String, CodingKey {
        case contact
        case byPipeline = "by_pipeline"
        case bySessionType = "by_session_type"
    }
}

/// One web IM socket in the stats. Its connection id is its chat (`web-<id>`): whoever
/// knows it can read the chat's history through the admin API's proxy or answer as it, so
/// only admins are shown it (CONTRACT §6); everyone else gets the listing without it.
struct ConnectionListing: Codable, Sendable, Equatable {
    /// Nil in what a caller without the admin token is shown (then left out of the JSON).
    var connectionID: String?
    let sessionType: String
    let createdAt: String
    let lastActive: String
    let isActive: Bool

    enum CodingKeys: String, CodingKey {
        case connectionID = "connection_id"
        case sessionType = "session_type"
        case createdAt = "created_at"
        case lastActive = "last_active"
        case isActive = "is_active"
    }
}

/// The `data` of the connections endpoint: `stats` (every pipeline, every instance),
/// `connections` (this pipeline's, every instance), and `instances` (an addition: each
/// instance's own counts, for the dashboard).
struct ConnectionStatsBody: Encodable, Sendable {
    struct Stats: Encodable, Sendable {
        var totalConnections = 0
        var pipelines = 0
        var connectionsByPipeline: [String: Int] = [:]
        var connectionsBySessionType: [String: Int] = Dictionary(
            uniqueKeysWithValues: SessionType.allCases.map { ($0.rawValue, 0) })

        enum CodingKeys: String, CodingKey {
            case pipelines
            case totalConnections = "total_connections"
            case connectionsByPipeline = "connections_by_pipeline"
            case connectionsBySessionType = "connections_by_session_type"
        }
    }

    struct Instance: Encodable, Sendable {
        let instanceID: String
        let pipelineConnections: Int
        let contactConnections: Int

        enum CodingKeys: String, CodingKey {
            case instanceID = "instance_id"
            case pipelineConnections = "pipeline_connections"
            case contactConnections = "contact_connections"
        }
    }

    var stats = Stats()
    var connections: [ConnectionListing] = []
    var instances: [Instance] = []

    /// The body for a caller without the admin token: the counts, the listings without
    /// their connection ids.
    func withoutConnectionIDs() -> ConnectionStatsBody {
        var body = self
        for index in body.connections.indices { body.connections[index].connectionID = nil }
        return body
    }

    /// Adds one instance's report.
    mutating func add(instance id: String, summary: InstanceSummary, listings: [ConnectionListing]) {
        for (pipeline, count) in summary.byPipeline { stats.connectionsByPipeline[pipeline, default: 0] += count }
        for (type, count) in summary.bySessionType { stats.connectionsBySessionType[type, default: 0] += count }
        let total = summary.byPipeline.values.reduce(0, +)
        stats.totalConnections += total
        stats.pipelines = stats.connectionsByPipeline.values.filter { $0 > 0 }.count
        connections += listings
        instances.append(Instance(instanceID: id, pipelineConnections: total, contactConnections: summary.contact))
    }
}
