import Foundation
import HTTP1
import HTTPServer
import Logging

/// A stand-in for the Telegram Bot API, on a loopback port, for the gateway's and relay's
/// tests: `POST /bot{token}/{method}` with the methods the suite uses, real long-poll and
/// offset semantics, webhook delivery with the secret header (and 409 on getUpdates while
/// a webhook is set), Telegram's HTML checks, flood limits answered with 429 and recorded
/// as violations, and failures injected on demand. It records every message it accepted.
public final class TelegramDouble: Sendable {
    /// The core (state and methods).
    let core: DoubleCore
    /// The HTTP server.
    private let server: HTTPServer
    /// The webhook delivery loop.
    private let delivery: WebhookDelivery

    /// The token it answers to.
    public var token: String { core.token }
    /// Its port on 127.0.0.1.
    public var port: Int { server.port }
    /// `TELEGRAM_API_BASE` for the bot under test.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// Starts the double on a free port.
    public init(token: String = "123456:TEST-token", limits: DoubleLimits = DoubleLimits()) throws {
        let core = DoubleCore(token: token, limits: limits)
        self.core = core
        let methods = DoubleMethods(core: core)
        var router = Router()
        router.post("/{bot}/{method}") { request in
            guard request.parameter("bot") == "bot" + token else {
                return .json(raw: BotReply.error(401, "Unauthorized"), status: 401)
            }
            guard let parameters = JSONValue.object(request.body) else {
                return .json(raw: BotReply.error(400, "Bad Request: can't parse JSON"), status: 400)
            }
            return await methods.respond(method: request.parameter("method") ?? "", parameters: parameters)
        }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.loopCount = 1
        configuration.handlerTimeout = .seconds(120)
        server = try HTTPServer(
            configuration: configuration, router: router, logger: Logger(label: "telegram-double", level: .error))
        delivery = WebhookDelivery(core: core)
        delivery.start()
    }

    /// Stops serving and delivering.
    public func stop() async {
        delivery.stop()
        await server.shutdown(gracePeriod: 1)
    }

    /// Makes the next `times` sendMessage/editMessageText calls to `chatID` arrive `delay`
    /// late, as over a slow network: the double accepts (and checks the limits) only then.
    public func delayArrival(by delay: Duration, chatID: Int64, times: Int = 1) {
        core.state.withLock { state in
            state.arrivalDelays[chatID, default: []] += Array(repeating: delay, count: times)
        }
    }

    /// Answers the next `times` calls of `method` to `chatID` (0: any chat) with `failure`.
    public func inject(_ failure: InjectedFailure, chatID: Int64 = 0, method: String = "sendMessage", times: Int = 1) {
        core.state.withLock { state in
            state.failures[DoubleState.failureKey(chatID: chatID, method: method), default: []] +=
                Array(repeating: failure, count: times)
        }
    }
}

extension TelegramDouble {
    /// Every message accepted, in order.
    public var sentMessages: [SentMessage] { core.state.withLock { $0.sent } }

    /// The messages accepted for `chatID`, in order.
    public func messages(to chatID: Int64) -> [SentMessage] { sentMessages.filter { $0.chatID == chatID } }

    /// The messages in `chatID` as its user sees them now: each message once, in the order
    /// sent, with the text of its latest edit. (`messages(to:)` lists every call, edits
    /// included.) An edit of a message the double never sent is listed on its own.
    public func visibleMessages(to chatID: Int64) -> [SentMessage] {
        var shown: [SentMessage] = []
        for message in messages(to: chatID) {
            if message.method == "editMessageText",
                let index = shown.firstIndex(where: { $0.messageID == message.messageID })
            {
                shown[index].text = message.text
                shown[index].rawText = message.rawText
                shown[index].parseMode = message.parseMode
            } else {
                shown.append(message)
            }
        }
        return shown
    }

    /// Waits until `count` messages went to `chatID` (or `timeout` passed); returns them.
    public func waitForMessages(to chatID: Int64, count: Int, timeout: Duration = .seconds(10)) async -> [SentMessage] {
        let deadline = ContinuousClock.now + timeout
        while messages(to: chatID).count < count && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return messages(to: chatID)
    }

    /// Sends refused for breaking a flood limit (should stay empty).
    public var violations: [String] { core.state.withLock { $0.violations } }
    /// The callback query ids answered.
    public var answeredCallbacks: [String] { core.state.withLock { $0.answeredCallbacks } }
    /// Every sendChatAction ("typing…") accepted, in order.
    public var chatActions: [ChatAction] { core.state.withLock { $0.chatActions } }
    /// The `offset` of each getUpdates call, in order.
    public var pollOffsets: [Int64?] { core.state.withLock { $0.pollOffsets } }
    /// The webhook, when set.
    public var webhook: WebhookSettings? { core.state.withLock { $0.webhook } }
    /// setWebhook and deleteWebhook calls so far.
    public var webhookCalls: (set: Int, delete: Int) {
        core.state.withLock { ($0.setWebhookCalls, $0.deleteWebhookCalls) }
    }
    /// Updates not confirmed (polling) or not delivered (webhook) yet.
    public var pendingUpdateCount: Int { core.state.withLock { $0.updates.count } }
    /// Webhook deliveries that failed.
    public var failedDeliveries: Int { core.state.withLock { $0.failedDeliveries } }
}
