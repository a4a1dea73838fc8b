/// The frames of the web IM dialect (`/api/v1/pipelines/{p}/ws/connect`, CONTRACT §6).
/// Field names are the contract's; existing clients read them.
enum PipelineFrames {
    /// `{"type":"connected","connection_id","pipeline_uuid","session_type","timestamp"}`.
    static func connected(connectionID: String, address: PipelineAddress) -> String {
        FrameJSON.encode(
            Connected(
                connectionID: connectionID, pipelineUUID: address.pipeline, sessionType: address.sessionType.rawValue,
                timestamp: VisitorTimestamp.now()))
    }

    /// `{"type":"response","data":{…}}`: the assistant's text so far, final or not.
    static func response(_ message: PipelineMessage, isFinal: Bool, connectionID: String) -> String {
        FrameJSON.encode(Response(data: ResponseData(message: message, isFinal: isFinal, connectionID: connectionID)))
    }

    /// `{"type":"pong","timestamp"}`.
    static func pong() -> String {
        FrameJSON.encode(ContactFrames.Pong(timestamp: VisitorTimestamp.now()))
    }

    private struct Connected: Encodable {
        let type = "connected"
        let connectionID: String
        let pipelineUUID: String
        let sessionType: String
        let timestamp: String

        enum CodingKeys: String, CodingKey {
            case type, timestamp
            case connectionID = "connection_id"
            case pipelineUUID = "pipeline_uuid"
            case sessionType = "session_type"
        }
    }

    private struct Response: Encodable {
        let type = "response"
        let data: ResponseData
    }

    /// A history message plus the streaming fields.
    private struct ResponseData: Encodable {
        let message: PipelineMessage
        let isFinal: Bool
        let connectionID: String

        enum CodingKeys: String, CodingKey {
            case isFinal = "is_final"
            case connectionID = "connection_id"
        }

        func encode(to encoder: Encoder) throws {
            try message.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(isFinal, forKey: .isFinal)
            try container.encode(connectionID, forKey: .connectionID)
        }
    }
}

/// `{"type":"broadcast","message","timestamp"}`, the same in both dialects.
struct BroadcastFrame: Encodable {
    let type = "broadcast"
    let message: String
    let timestamp: String
}
