import Foundation

/// The streams of typed items (`TelegramOutbox`'s `SendRequest`s, `RelayInbox`'s
/// `RelayItem`s) carry each item as JSON with sorted keys, so a payload is the same bytes
/// whoever wrote it.
extension DurableStream {
    /// Appends `item` as JSON under `id` (false when that id was appended within the
    /// dedupe window), in `lane`: a lane's items are handled in order by every consumer
    /// instance together.
    func appendJSON(_ item: some Encodable, id: String, lane: String) async throws -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try await append(id: id, payload: Array(try encoder.encode(item)), lane: lane)
    }

    /// The item an entry holds; nil for an entry that is not a `Item`.
    static func decodeJSON<Item: Decodable>(_ type: Item.Type, from entry: StreamEntry) -> Item? {
        try? JSONDecoder().decode(type, from: Data(entry.payload))
    }
}
