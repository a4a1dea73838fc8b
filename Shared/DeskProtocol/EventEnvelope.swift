import Foundation
import JSONEscaping

/// The frame every event travels in (CONTRACT §5):
/// `{"type": …, "id": "N", "timestamp": "YYYY-MM-DD HH:MM:SS", "data": {…}}`.
/// The publishers build it around the data's JSON text; readers decode it here.
public enum EventEnvelope {
    /// The event's text in two halves around its id: the publisher's Redis script numbers
    /// the event and splices the id in, so the text is built before the id is known.
    public static func halves(type: String, dataJSON: String, timestamp: String) -> (String, String) {
        var prefix = "{\"type\":"
        JSONEscaping.appendQuoted(type, to: &prefix)
        prefix += ",\"id\":\""
        var suffix = "\",\"timestamp\":"
        JSONEscaping.appendQuoted(timestamp, to: &suffix)
        suffix += ",\"data\":" + dataJSON + "}"
        return (prefix, suffix)
    }

    /// The whole text of event `id`, as published.
    public static func json(type: String, id: Int, dataJSON: String, timestamp: String) -> String {
        let (prefix, suffix) = halves(type: type, dataJSON: dataJSON, timestamp: timestamp)
        return prefix + String(id) + suffix
    }

    /// The event's `type`, if the text is an event at all (cheaper than decoding it whole).
    public static func type(of json: String) -> String? {
        try? JSONDecoder().decode(Head.self, from: Data(json.utf8)).type
    }

    /// The `data` of an event text, decoded as `Body`.
    static func data<Body: Decodable>(_ body: Body.Type, of json: String) throws -> Body {
        try JSONDecoder().decode(Frame<Body>.self, from: Data(json.utf8)).data
    }

    /// `{"type": …}`.
    private struct Head: Decodable {
        var type: String
    }

    /// `{"data": …}`.
    private struct Frame<Body: Decodable>: Decodable {
        var data: Body
    }
}
