import Domain
import Postgres

/// Keyset pagination: a query asks for `limit + 1` rows, newest (highest id) first; the
/// extra row, if it came, says there is a next page, which starts below the last id shown.
enum Pagination {
    /// The page of at most `limit` items from `rows`, with `next_before` set when more exist.
    static func page<Item: Codable & Sendable>(
        rows: PostgresRows, limit: Int, map: (PostgresRow) throws -> Item, id: (Item) -> Int64
    ) throws -> Page<Item> {
        let items = try rows.prefix(limit).map(map)
        let hasMore = rows.count > limit
        return Page(items: items, nextBefore: hasMore ? items.last.map(id) : nil)
    }
}
