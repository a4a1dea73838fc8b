import Foundation

/// One server-sent event of ingest-api's streamed answer (`POST /api/ingest/stream`, or
/// `POST /api/ingest` with `Accept: text/event-stream`). ingest-api encodes these and every
/// reader decodes them, so the two sides cannot drift:
///
///     event: delta            data: {"text":"the next piece"}
///     event: result           data: {…the IngestResponse of CONTRACT §3…}
///     : keep-alive            (a comment, every few seconds while the answer is made)
public enum IngestStreamEvent: Sendable, Equatable {
    /// A piece of the answer, in order; the pieces joined are the answer so far.
    case delta(String)
    /// The outcome, exactly the body `POST /api/ingest` would have answered.
    case result(IngestResponse)

    /// The `event:` names.
    public static let deltaName = "delta"
    public static let resultName = "result"

    /// A comment line ingest-api sends while the answer is being made: readers may treat a
    /// stream silent for much longer than `keepAliveInterval` as dead, however slow the model.
    public static let keepAliveBytes: [UInt8] = Array(": keep-alive\n\n".utf8)
    /// How often ingest-api sends `keepAliveBytes` while nothing else was written.
    public static let keepAliveInterval: Duration = .seconds(5)

    /// The event as text/event-stream bytes.
    public var bytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let (name, data): (String, Data?) =
            switch self {
            case .delta(let text): (Self.deltaName, try? encoder.encode(DeltaBody(text: text)))
            case .result(let response): (Self.resultName, try? encoder.encode(response))
            }
        return Array("event: \(name)\ndata: \(String(decoding: data ?? Data("{}".utf8), as: UTF8.self))\n\n".utf8)
    }

    /// Why an event could not be read.
    public struct DecodingError: Error, Equatable, CustomStringConvertible {
        /// What was wrong.
        public let description: String
    }

    /// Decodes one event from its `event:` name and `data:`; nil for an event name this
    /// version does not know (a newer ingest-api may add some: they are skipped, not fatal).
    public init?(name: String, data: String) throws(DecodingError) {
        let bytes = Data(data.utf8)
        switch name {
        case Self.deltaName:
            guard let body = try? JSONDecoder().decode(DeltaBody.self, from: bytes) else {
                throw DecodingError(description: "a delta event without a text")
            }
            self = .delta(body.text)
        case Self.resultName:
            guard let response = try? JSONDecoder().decode(IngestResponse.self, from: bytes) else {
                throw DecodingError(description: "a result event that is not an ingest answer")
            }
            self = .result(response)
        default:
            return nil
        }
    }

    /// The data of a delta event.
    private struct DeltaBody: Codable {
        var text: String
    }
}
