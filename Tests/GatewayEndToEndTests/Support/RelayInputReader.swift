import Redis
import Synchronization
import TelegramOutbox

/// Operator-relay's input, read the way operator-relay reads it: the `relay:inbox` stream
/// under its production name, in the relay's consumer group. Keeps every item read, so a
/// test can wait for a count.
final class RelayInputReader: Sendable {
    /// The stream, in the relay's group.
    private let inbox: RelayInbox
    /// Every item read so far, in order.
    private let read = Mutex<[RelayItem]>([])

    init(redis: RedisClient) {
        inbox = RelayInbox(redis: redis)
    }

    /// The items read so far after reading whatever arrived (waiting at most 50 ms).
    func items() async throws -> [RelayItem] {
        try await inbox.stream.createGroupIfNeeded()
        let entries = try await inbox.stream.readNew(consumer: "e2e-relay", count: 100, blockMilliseconds: 50)
        let items = entries.compactMap(RelayInbox.item(from:))
        if !entries.isEmpty { try await inbox.stream.acknowledge(entries.map(\.entryID)) }
        return read.withLock { read in
            read += items
            return read
        }
    }
}
