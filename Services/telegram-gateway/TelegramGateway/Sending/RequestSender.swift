import Domain
import HTTPServer
import Logging
import TelegramBotAPI
import TelegramOutbox

/// Carries out one `SendRequest`: splits long texts, waits for the chat's turn under the
/// shared limits, and handles Telegram's answers: 429 pauses that chat for `retry_after`,
/// refused markup is resent as plain text, an upgraded group is followed to its new id,
/// 5xx and network errors are retried with backoff until Telegram is back, anything else
/// (403 blocked, 400 bad request) is a final refusal.
struct RequestSender: Sendable {
    /// The Bot API client.
    let api: BotAPIClient
    /// The shared flood limiter.
    let limiter: SendRateLimiter
    /// Parts already sent, per request.
    let progress: SendProgress
    /// Chats that blocked the bot.
    let blocked: BlockedChats
    /// The hand-off to operator-relay.
    let relay: RelayInbox
    /// Delays between retries.
    let backoff: RetryBackoff
    /// The longest text per message.
    let splitLimit: Int
    /// Counters for /metrics.
    let metrics: Metrics
    /// Where log lines go.
    let logger: Logger

    /// How one part ended.
    enum Outcome {
        case sent(Int64)
        case refused(BotAPIError)
        /// Cancelled (shutdown) or Redis unusable: leave the request pending.
        case stopped
    }

    /// Sends every part not sent yet. Returns the receipt once the request is finished,
    /// delivered or refused; nil when it must stay queued (shutdown, Redis trouble).
    func deliver(_ request: SendRequest) async -> SendReceipt? {
        let parts: [String?] =
            request.method == .sendMessage
            ? MessageSplitter.split(request.text ?? "", limit: splitLimit, isHTML: request.isHTML) : [request.text]
        guard var sent = try? await progress.sentMessageIDs(of: request.id) else { return nil }
        var chatID = request.chatID
        for index in sent.count..<parts.count {
            var attempt = SendAttempt(
                request: request, text: parts[index], chatID: chatID, isPlain: false, isFirst: index == 0,
                isLast: index == parts.count - 1)
            switch await send(&attempt) {
            case .sent(let messageID):
                sent.append(messageID)
                chatID = attempt.chatID
                metrics.increment("telegram_sent_total", help: "Messages Telegram accepted.")
                // Recorded so that a take-over after a crash does not send this part again.
                guard await recordSent(messageID, of: request.id) else { return nil }
            case .refused(let error):
                await noteRefusal(error, chatID: attempt.chatID, request: request)
                return SendReceipt(
                    requestID: request.id, chatID: attempt.chatID, isDelivered: false, messageIDs: sent,
                    errorCode: error.errorCode, errorDescription: error.description, context: request.context)
            case .stopped:
                return nil
            }
        }
        return SendReceipt(
            requestID: request.id, chatID: chatID, isDelivered: true, messageIDs: sent,
            messageThreadID: request.method == .createForumTopic ? sent.first : nil, context: request.context)
    }

    /// How often a failed record of a sent part is tried again.
    static let recordRetryPause: Duration = .milliseconds(250)

    /// Records a part Telegram accepted, trying again while Redis is away: this process
    /// knows the part went out, and giving up here would send it a second time when the
    /// request comes back. False only when the sender stops first.
    private func recordSent(_ messageID: Int64, of requestID: String) async -> Bool {
        var failures = 0
        while !Task.isCancelled {
            do {
                try await progress.record(messageID, of: requestID)
                return true
            } catch {
                failures += 1
                if failures == 1 {
                    logger.warning(
                        "cannot record a sent part; trying again until Redis answers",
                        ["request": .string(requestID), "error": .string("\(error)")])
                }
                // A short, steady pace (not the send back-off, which grows to 30 s): the chat's
                // lane waits on this record, and Redis back should mean the chat moves at once.
                do { try await Task.sleep(for: Self.recordRetryPause) } catch { return false }
            }
        }
        return false
    }

    /// Tries one part until it is sent, refused for good, or the sender stops.
    private func send(_ attempt: inout SendAttempt) async -> Outcome {
        var failures = 0
        while true {
            let booking: SendRateLimiter.Booking
            do {
                booking = try await limiter.waitForTurn(chatID: attempt.chatID)
            } catch {
                return .stopped
            }
            let result: Result<Int64, BotAPIError>
            do {
                result = .success(try await attempt.perform(with: api))
            } catch {
                result = .failure(error)
            }
            await noteEnd(of: booking)
            do {
                return .sent(try result.get())
            } catch {
                if let seconds = error.retryAfter {
                    logger.info("429 from Telegram", ["chat": .int(Int(attempt.chatID)), "retry_after": .int(seconds)])
                    metrics.increment("telegram_rate_limited_total", help: "429 answers from Telegram.")
                    guard (try? await limiter.pause(chatID: attempt.chatID, seconds: seconds)) != nil else {
                        return .stopped
                    }
                    continue
                }
                if error.isEntityParseError, attempt.request.isHTML, !attempt.isPlain {
                    logger.warning("markup refused; resending as plain text", ["request": .string(attempt.request.id)])
                    attempt.isPlain = true
                    continue
                }
                if case .refused(_, _, _, let newChatID?) = error {
                    attempt.chatID = newChatID
                    continue
                }
                guard error.isTransient else { return .refused(error) }
                failures += 1
                logger.warning(
                    "send failed; retrying", ["error": .string(error.description), "attempt": .int(failures)])
                do { try await Task.sleep(for: backoff.delay(attempt: failures)) } catch { return .stopped }
            }
        }
    }

    /// Tells the limiter the call is over. Without Redis the booking stands as it was (the
    /// next send's own booking then fails too, and the request stays queued).
    private func noteEnd(of booking: SendRateLimiter.Booking) async {
        do {
            try await limiter.sendEnded(booking)
        } catch {
            logger.warning("cannot record the end of a send", ["error": .string("\(error)")])
        }
    }

    /// A 403 marks the chat as blocked and tells the relay, once; other refusals are logged.
    private func noteRefusal(_ error: BotAPIError, chatID: Int64, request: SendRequest) async {
        logger.warning(
            "Telegram refused a send", ["request": .string(request.id), "error": .string(error.description)])
        metrics.increment("telegram_refused_total", help: "Sends Telegram refused for good.")
        guard error.isForbidden else { return }
        do {
            if try await blocked.mark(chatID, reason: error.description) {
                try await relay.enqueue(
                    RelayItem(
                        id: "blocked:\(chatID):\(request.id)", kind: .chatBlocked, chatID: String(chatID),
                        reason: error.description))
            }
        } catch {
            logger.warning("cannot record a blocked chat", ["chat": .int(Int(chatID)), "error": .string("\(error)")])
        }
    }
}
