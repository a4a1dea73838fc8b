import Foundation
import Redis

/// The entries of one `DurableStream` that failed again and again (poison: a malformed
/// update, a relay item whose handling always throws), parked with their error so the
/// rest of the stream flows past them: a hash `<stream>:dead`, entry id → `Letter` JSON.
///
/// A `StreamConsumer` whose options set `deadLetterAfter` parks here. An admin lists them
/// (ingest-api `GET /api/admin/dead-letters`) and retries one, which appends it to its
/// stream again (a new entry, with the same item id and fields) and removes it from here.
public struct DeadLetters: Sendable {
    /// One parked entry.
    public struct Letter: Codable, Sendable, Equatable {
        /// The stream it came from.
        public var stream: String
        /// Its entry id there.
        public var entryID: String
        /// The producer's item id.
        public var itemID: String
        /// Its payload, as text.
        public var body: String
        /// Its other fields.
        public var fields: [String: String]
        /// The last failure.
        public var error: String
        /// How many times it was tried.
        public var attempts: Int
        /// When it was parked (CONTRACT §5 format).
        public var parkedAt: String

        public init(
            stream: String, entryID: String, itemID: String, body: String, fields: [String: String], error: String,
            attempts: Int, parkedAt: String
        ) {
            self.stream = stream
            self.entryID = entryID
            self.itemID = itemID
            self.body = body
            self.fields = fields
            self.error = error
            self.attempts = attempts
            self.parkedAt = parkedAt
        }

        enum CodingKeys: String, CodingKey {
            case stream, body, fields, error, attempts
            case entryID = "entry_id"
            case itemID = "item_id"
            case parkedAt = "parked_at"
        }
    }

    /// The stream whose entries these are.
    public let streamKey: String
    /// The hash holding them.
    public var key: String { streamKey + ":dead" }
    private let redis: RedisClient

    public init(redis: RedisClient, streamKey: String) {
        self.redis = redis
        self.streamKey = streamKey
    }

    /// Parks `entry` after `attempts` tries, the last failing with `error`.
    public func park(_ entry: StreamEntry, error: String, attempts: Int, parkedAt: String) async throws {
        let letter = Letter(
            stream: streamKey, entryID: entry.entryID, itemID: entry.itemID,
            body: String(decoding: entry.payload, as: UTF8.self), fields: entry.fields, error: error,
            attempts: attempts, parkedAt: parkedAt)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        _ = try await redis.send(
            "HSET", RedisArgument(key), RedisArgument(entry.entryID), RedisArgument(Array(try encoder.encode(letter))))
    }

    /// The parked entries, oldest first (at most `limit`).
    public func list(limit: Int = 1000) async throws -> [Letter] {
        let reply = try await redis.send("HGETALL", RedisArgument(key))
        let items = reply.arrayValue ?? []
        var letters: [Letter] = []
        var index = 1
        while index < items.count {
            if let bytes = items[index].bytes, let letter = try? JSONDecoder().decode(Letter.self, from: Data(bytes)) {
                letters.append(letter)
            }
            index += 2
        }
        return Array(letters.sorted { Self.order($0.entryID, $1.entryID) }.prefix(limit))
    }

    /// How many are parked.
    public func count() async throws -> Int {
        try await redis.send("HLEN", RedisArgument(key)).integerValue ?? 0
    }

    /// Appends the parked entry `entryID` to its stream again and removes it from here;
    /// false when there is no such entry.
    public func retry(entryID: String) async throws -> Bool {
        guard let bytes = try await redis.send("HGET", RedisArgument(key), RedisArgument(entryID)).bytes,
            let letter = try? JSONDecoder().decode(Letter.self, from: Data(bytes))
        else { return false }
        var command: [RedisArgument] = ["XADD", RedisArgument(streamKey), "*"]
        if !letter.itemID.isEmpty { command += ["id", RedisArgument(letter.itemID)] }
        if !letter.body.isEmpty || !letter.itemID.isEmpty { command += ["body", RedisArgument(letter.body)] }
        for (name, value) in letter.fields.sorted(by: { $0.key < $1.key }) {
            command += [RedisArgument(name), RedisArgument(value)]
        }
        _ = try await redis.send(command)
        _ = try await redis.send("HDEL", RedisArgument(key), RedisArgument(entryID))
        return true
    }

    /// Stream ids in stream order ("<ms>-<seq>").
    private static func order(_ left: String, _ right: String) -> Bool {
        func parts(_ id: String) -> (Int, Int) {
            let pieces = id.split(separator: "-")
            return (Int(pieces.first ?? "") ?? 0, Int(pieces.dropFirst().first ?? "") ?? 0)
        }
        return parts(left) < parts(right)
    }
}
