import Config
import Foundation
import Logging
import TelegramOutbox

/// The relay's durable inputs, each a stream read through the consumer group "relay"
/// (`StreamConsumer`: entries stay pending until handled, a dead instance's entries are
/// taken over, one chat at a time, chats in parallel): the gateway's hand-over, the
/// receipts of the relay's own sends, and the dashboard's replies.
enum RelayConsumers {
    /// The group every relay instance reads in.
    static let group = "relay"

    /// The consumer of the gateway's hand-over (`RelayInbox`).
    static func inbox(_ context: RelayContext) -> StreamConsumer {
        let inbox = RelayInbox(redis: context.redis, key: context.keys.relayInbox)
        let handler = InboxHandler(context: context)
        return make(inbox.stream, context, key: { RelayInbox.item(from: $0).map { lane($0.chatID) } }) { entry in
            guard let item = RelayInbox.item(from: entry) else { return }
            try await handler.handle(item)
        }
    }

    /// The consumer of the receipts of the relay's sends. Topic receipts have a lane of
    /// their own: a post waiting for a new topic must never wait behind itself.
    static func receipts(_ context: RelayContext) -> StreamConsumer {
        let stream = DurableStream(redis: context.redis, key: context.keys.relayReceipts, group: group)
        let handler = ReceiptHandler(context: context)
        return make(
            stream, context,
            key: { entry in
                guard let details = receipt(entry)?.context else { return nil }
                return details[ReceiptContext.kind] == ReceiptContext.topic
                    ? Int64.min : details[ReceiptContext.chat].map(lane)
            }
        ) { entry in
            guard let receipt = receipt(entry) else { return }
            try await handler.handle(receipt)
        }
    }

    /// The consumer of the dashboard's replies.
    static func dashboard(_ context: RelayContext) -> StreamConsumer {
        let stream = DurableStream(redis: context.redis, key: context.keys.dashboardReplies, group: group)
        let handler = DashboardReplies(context: context)
        return make(stream, context, key: { $0.fields["chat_id"].map(lane) }) { entry in
            try await handler.handle(entry)
        }
    }

    /// A consumer whose handler acknowledges what it handled and tries again, in the
    /// entry's lane, what threw: an outage (ingest-api or Redis unreachable, a topic not
    /// there yet) as long as it lasts, anything else `deadLetterAfter` (5) times while
    /// other entries get through, then the entry is parked in `DeadLetters` with its error.
    private static func make(
        _ stream: DurableStream, _ context: RelayContext, key: @escaping @Sendable (StreamEntry) -> Int64?,
        handle: @escaping @Sendable (StreamEntry) async throws -> Void
    ) -> StreamConsumer {
        var options = StreamConsumerOptions(consumerName: context.options.instanceName)
        options.claimIdleMilliseconds = context.options.claimIdle.inMilliseconds
        options.deadLetterAfter = context.options.deadLetterAfter
        options.retryPauseMilliseconds = context.options.firstRetryPause.inMilliseconds
        let logger = context.logger
        return StreamConsumer(
            stream: stream, options: options, logger: logger, key: key,
            reportingHandler: { entry in
                do {
                    try await handle(entry)
                    return nil
                } catch {
                    logger.warning(
                        "not handled; it will be tried again",
                        ["stream": .string(stream.key), "entry": .string(entry.entryID), "error": .string("\(error)")])
                    return HandlingFailure(error) { error in
                        switch error {
                        case RelayError.ingestUnavailable, RelayError.topicUnavailable: true
                        default: false
                        }
                    }
                }
            })
    }

    /// A receipt read from the stream.
    private static func receipt(_ entry: StreamEntry) -> SendReceipt? {
        try? JSONDecoder().decode(SendReceipt.self, from: Data(entry.payload))
    }

    /// A chat's lane: its number, or a stable hash of a web chat's id (FNV-1a).
    static func lane(_ chatID: String) -> Int64 {
        if let number = Int64(chatID) { return number }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in chatID.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
