import Redis

/// One entry read from a `DurableStream`.
public struct StreamEntry: Sendable, Equatable {
    /// The stream's own entry id ("1700000000000-0"), used to acknowledge it.
    public var entryID: String
    /// The producer's id for the item (the dedupe key).
    public var itemID: String
    /// The item's bytes (JSON for every stream of the suite).
    public var payload: [UInt8]
    /// Any other fields, as text: streams written by other producers (notify-hub's
    /// dashboard replies carry `chat_id`, `text`, `source` instead of `id`/`body`).
    public var fields: [String: String]

    /// Creates an entry.
    public init(entryID: String, itemID: String, payload: [UInt8], fields: [String: String] = [:]) {
        self.entryID = entryID
        self.itemID = itemID
        self.payload = payload
        self.fields = fields
    }

    /// Entries from an `[[id, [field, value, …]], …]` reply. Entries whose fields are gone
    /// (deleted after delivery) come back with an empty payload, so they can still be acknowledged.
    static func entries(from reply: RedisReply) -> [StreamEntry] {
        guard let items = reply.arrayValue else { return [] }
        return items.compactMap { item in
            guard let pair = item.arrayValue, pair.count == 2, let entryID = pair[0].text else { return nil }
            var itemID = ""
            var payload: [UInt8] = []
            var others: [String: String] = [:]
            let fields = pair[1].arrayValue ?? []
            var index = 0
            while index + 1 < fields.count {
                switch fields[index].text {
                case "id": itemID = fields[index + 1].text ?? ""
                case "body": payload = fields[index + 1].bytes ?? []
                case let name?: others[name] = fields[index + 1].text
                case nil: break
                }
                index += 2
            }
            return StreamEntry(entryID: entryID, itemID: itemID, payload: payload, fields: others)
        }
    }
}

extension StreamEntry {
    /// Whether stream id `left` comes before `right` ("<ms>-<seq>", compared as numbers).
    public static func precedes(_ left: String, _ right: String) -> Bool {
        func parts(_ id: String) -> (Int, Int) {
            let pieces = id.split(separator: "-")
            return (Int(pieces.first ?? "") ?? 0, Int(pieces.dropFirst().first ?? "") ?? 0)
        }
        return parts(left) < parts(right)
    }
}
