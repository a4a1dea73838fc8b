import DeskProtocol
import HTTP1
import HTTPServer
import Redis
import TelegramOutbox

/// The dead-letter stores of the desk's streams (admin API): what failed again and again,
/// with its error, and a retry that puts one entry back on its stream. The event outbox's
/// parked rows (PostgreSQL) are listed too, as stream `event_outbox`; a retry puts one back
/// in the outbox.
///
/// `GET /api/admin/dead-letters` → `{"items": [Letter…], "count": N}`;
/// `POST /api/admin/dead-letters/retry` with `{"stream": "…", "entry_id": "…"}` → 200, or
/// 404 when no such entry is parked.
enum DeadLetterRoutes {
    /// The request body of a retry.
    struct RetryBody: Decodable {
        var stream: String
        var entryID: String

        enum CodingKeys: String, CodingKey {
            case stream
            case entryID = "entry_id"
        }
    }

    /// The list's answer.
    struct ListBody: Encodable {
        var items: [DeadLetters.Letter]
        var count: Int
    }

    /// The stores: the gateway's updates, the relay's inbox and receipts, the dashboard replies.
    static func stores(redis: RedisClient, prefix: String = "switchboard:") -> [DeadLetters] {
        let names = DeskRedisNames(prefix: prefix)
        return [names.telegramUpdates, names.relayInbox, names.relayReceipts, names.dashboardReplies].map {
            DeadLetters(redis: redis, streamKey: $0)
        }
    }

    /// Adds the routes to `router`.
    static func register(on router: inout Router, context: AppContext) {
        router.get("/api/admin/dead-letters") { request in
            var items: [DeadLetters.Letter] = []
            items += try await context.outboxDeadLetters.list()
            for store in context.deadLetters {
                items += try await RedisCall.run { try await store.list() }
            }
            return try .json(ListBody(items: items, count: items.count))
        }
        router.post("/api/admin/dead-letters/retry") { request in
            let body = try JSONBody.decode(RetryBody.self, from: request)
            if body.stream == OutboxDeadLetters.streamName {
                guard try await context.outboxDeadLetters.retry(entryID: body.entryID) != nil else {
                    throw HTTPError.notFound("no parked outbox row \(body.entryID)")
                }
                return try .json(["retried": body.entryID])
            }
            guard let store = context.deadLetters.first(where: { $0.streamKey == body.stream }) else {
                throw HTTPError.notFound("no dead-letter store for stream \(body.stream)")
            }
            guard try await RedisCall.run({ try await store.retry(entryID: body.entryID) }) else {
                throw HTTPError.notFound("no parked entry \(body.entryID) in \(body.stream)")
            }
            return try .json(["retried": body.entryID])
        }
    }
}
