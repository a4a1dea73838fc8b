/// A list answer: `{"items":[…],"next_before":…}`, newest first (CONTRACT §3). Pass
/// `next_before` as `before` to get the next page; nil when there is none.
public struct Page<Item: Codable & Sendable>: Codable, Sendable {
    public var items: [Item]
    public var nextBefore: Int64?

    public init(items: [Item], nextBefore: Int64?) {
        self.items = items
        self.nextBefore = nextBefore
    }

    enum CodingKeys: String, CodingKey {
        case items
        case nextBefore = "next_before"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        // The key is always present: null tells the client it has reached the end.
        try container.encode(nextBefore, forKey: .nextBefore)
    }
}
