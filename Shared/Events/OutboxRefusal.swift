import Foundation

/// An outbox row the publisher will not publish: its data is not one JSON object, so the
/// event built around it would not parse at any dashboard or relay (CONTRACT §5 events are
/// JSON objects with an object `data`). Such a row fails the same way every time: the
/// drainer parks it after a few tries instead of holding back the rows behind it.
public struct OutboxRefusal: Error, CustomStringConvertible, Sendable, Equatable {
    /// The row's id in the outbox.
    public var outboxID: Int64
    /// Why it was refused.
    public var reason: String

    public init(outboxID: Int64, reason: String) {
        self.outboxID = outboxID
        self.reason = reason
    }

    public var description: String { "outbox row \(outboxID) refused: \(reason)" }

    /// Why `event` cannot be published, or nil when it can.
    public static func reason(for event: EventPublisher.Pending) -> String? {
        guard !event.type.isEmpty else { return "the event has no type" }
        let parsed = try? JSONSerialization.jsonObject(with: Data(event.dataJSON.utf8), options: [.fragmentsAllowed])
        guard parsed is [String: Any] else {
            let shown = event.dataJSON.count > 80 ? String(event.dataJSON.prefix(80)) + "…" : event.dataJSON
            return "its data is not a JSON object: \(shown)"
        }
        return nil
    }
}
