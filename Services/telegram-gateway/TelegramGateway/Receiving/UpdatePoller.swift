import DeskProtocol
import Logging
import Redis
import Synchronization
import TelegramBotAPI

/// Long polling: getUpdates in a loop, each batch stored in the `UpdateInbox` before its
/// offset is confirmed (Telegram forgets updates below the offset of the next call), so a
/// crash at any point loses nothing; the dedupe of the inbox absorbs a batch fetched twice.
final class UpdatePoller: Sendable {
    /// The Bot API client.
    private let api: BotAPIClient
    /// Where received updates are stored.
    private let inbox: UpdateInbox
    /// The Redis connections.
    private let redis: RedisClient
    /// The gateway's Redis keys.
    private let keys: DeskRedisNames
    /// Who may poll.
    private let lease: PollLease
    /// getUpdates' long-poll wait (POLL_TIMEOUT), in the whole seconds the Bot API takes.
    private let pollTimeoutSeconds: Int
    /// Delays between retries.
    private let backoff: RetryBackoff
    /// Where log lines go.
    private let logger: Logger
    /// The running loop, if started.
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Keeps the parts.
    init(
        api: BotAPIClient, inbox: UpdateInbox, redis: RedisClient, keys: DeskRedisNames, instance: String,
        pollTimeout: Duration, backoff: RetryBackoff, logger: Logger
    ) {
        self.api = api
        self.inbox = inbox
        self.redis = redis
        self.keys = keys
        pollTimeoutSeconds = Int(pollTimeout.components.seconds)
        self.backoff = backoff
        self.logger = logger
        lease = PollLease(redis: redis, key: keys.pollLease, holder: instance, milliseconds: (pollTimeoutSeconds + 15) * 1000)
    }

    /// Starts polling in a task.
    func start() {
        let running = Task { await self.run() }
        task.withLock { $0 = running }
    }

    /// Stops polling; a long poll in flight is abandoned (its updates are not confirmed,
    /// so Telegram sends them again to whoever polls next).
    func stop() async {
        task.withLock { $0 }?.cancel()
        await lease.release()
    }

    /// The loop: webhook off, then poll, store, confirm.
    private func run() async {
        await removeWebhook()
        var offset = (try? await redis.get(RedisArgument(keys.pollOffset))).flatMap {
            Int64(String(decoding: $0, as: UTF8.self))
        }
        var failures = 0
        while !Task.isCancelled {
            do {
                guard try await lease.acquire() else {
                    try await Task.sleep(for: .seconds(1))
                    continue
                }
                let updates = try await fetch(offset: offset)
                for update in updates { try await inbox.append(update) }
                if let last = updates.last {
                    offset = last.updateID + 1
                    try await redis.set(RedisArgument(keys.pollOffset), to: RedisArgument(String(last.updateID + 1)))
                }
                failures = 0
            } catch is CancellationError {
                return
            } catch {
                // Stopping cancels the long poll in flight; the client reports that as its own
                // error (URLSession's "cancelled"), which is the stop, not a failure to warn of.
                if Task.isCancelled { return }
                failures += 1
                logger.warning("polling failed", ["error": .string("\(error)"), "attempt": .int(failures)])
                try? await Task.sleep(for: backoff.delay(attempt: failures))
            }
        }
    }

    /// One getUpdates; a 409 (a webhook is set) removes the webhook first.
    private func fetch(offset: Int64?) async throws -> [Update] {
        do {
            return try await api.getUpdates(offset: offset, timeout: pollTimeoutSeconds)
        } catch let error where error.errorCode == 409 {
            await removeWebhook()
            throw error
        }
    }

    /// deleteWebhook until Telegram agrees: polling does not work while a webhook is set.
    private func removeWebhook() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                try await api.deleteWebhook()
                return
            } catch {
                failures += 1
                logger.warning("deleteWebhook failed", ["error": .string(error.description)])
                try? await Task.sleep(for: backoff.delay(attempt: failures))
            }
        }
    }
}
