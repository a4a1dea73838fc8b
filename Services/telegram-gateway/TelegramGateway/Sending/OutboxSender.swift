import Foundation
import Logging
import Redis
import TelegramOutbox

/// The suite's one sender: consumes the outbox (any number of gateway instances share it
/// through the consumer group), one chat at a time per lane, chats in parallel. A request
/// is acknowledged only after Telegram accepted it or refused it for good, and after its
/// receipt (if asked for) is written; one left pending by a crash is taken over.
final class OutboxSender: Sendable {
    /// The stream consumer underneath.
    private let consumer: StreamConsumer

    /// Wires the consumer; `start()` begins sending.
    init(
        outbox: TelegramOutbox, redis: RedisClient, sender: RequestSender, options: StreamConsumerOptions,
        logger: Logger
    ) {
        consumer = StreamConsumer(
            stream: outbox.stream, options: options, logger: logger,
            key: { TelegramOutbox.request(from: $0)?.chatID }
        ) { entry in
            guard let request = TelegramOutbox.request(from: entry) else {
                logger.error("dropping an outbox entry that is not a send request", ["entry": .string(entry.entryID)])
                return true
            }
            guard let receipt = await sender.deliver(request) else { return false }
            guard let stream = request.receiptStream else { return true }
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                try await DurableStream(redis: redis, key: stream, group: "receipts")
                    .append(id: "receipt:" + request.id, payload: Array(try encoder.encode(receipt)))
                return true
            } catch {
                // Sent but not reported: keep it pending; the progress record prevents a resend.
                logger.warning(
                    "cannot write a receipt", ["request": .string(request.id), "error": .string("\(error)")])
                return false
            }
        }
    }

    /// Starts consuming.
    func start() { consumer.start() }

    /// Stops consuming; requests in flight get `gracePeriod` seconds to finish.
    func stop(gracePeriod: Double) async { await consumer.stop(gracePeriod: gracePeriod) }
}
