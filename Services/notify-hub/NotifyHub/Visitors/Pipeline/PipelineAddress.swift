/// The two session types of the web IM dialect; their histories never mix.
enum SessionType: String, Sendable, CaseIterable, Codable {
    case person
    case group
}

/// One web IM conversation space: a pipeline and a session type (CONTRACT §6). Built only
/// from validated parts, so it is safe inside Redis key names.
struct PipelineAddress: Hashable, Sendable {
    /// The `{pipeline_uuid}` of the URL.
    let pipeline: String
    /// person or group.
    let sessionType: SessionType

    /// Why a pipeline or session type from a URL was refused.
    struct Invalid: Error {
        /// What to tell the client.
        let message: String
    }

    /// Validates the `{pipeline_uuid}` segment and the session type (nil: the default, person).
    init(pipeline: String, sessionType: String?) throws(Invalid) {
        guard Self.isValidPipeline(pipeline) else {
            throw Invalid(message: "pipeline_uuid must be 1-64 characters of A-Z, a-z, 0-9, '-' and '_'")
        }
        guard let type = SessionType(rawValue: sessionType ?? SessionType.person.rawValue) else {
            throw Invalid(message: "session_type must be person or group")
        }
        self.pipeline = pipeline
        self.sessionType = type
    }

    /// A pipeline id: a UUID in practice; any short id of safe characters is accepted, so
    /// clients that name pipelines differently still work, and Redis keys stay unambiguous.
    static func isValidPipeline(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
    }
}
