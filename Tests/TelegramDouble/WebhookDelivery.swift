import Foundation
import HTTPFetch
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Delivers updates to the webhook, when one is set, as Telegram does: each POSTed with
/// the secret in `X-Telegram-Bot-Api-Secret-Token`, several at once across chats (like
/// Telegram's `max_connections`) but one at a time and in order within a chat, kept and
/// retried until the bot answers 2xx.
final class WebhookDelivery: Sendable {
    /// Deliveries in flight at most.
    static let connections = 8

    /// The double's state and logic.
    private let core: DoubleCore
    /// The running loop, if started.
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Creates the loop; `start()` begins.
    init(core: DoubleCore) { self.core = core }

    /// Starts the delivery loop.
    func start() {
        let running = Task { [core] in
            let session = URLSession(configuration: .ephemeral)
            while !Task.isCancelled {
                guard let (hook, update) = core.state.withLock({ $0.nextDelivery(limit: Self.connections) }) else {
                    try? await Task.sleep(for: .milliseconds(2))
                    continue
                }
                Task {
                    let delivered = await Self.post(update.json, to: hook, session: session)
                    core.state.withLock { $0.finishDelivery(update, delivered: delivered) }
                    if !delivered { try? await Task.sleep(for: .milliseconds(100)) }
                }
            }
        }
        task.withLock { $0 = running }
    }

    /// Stops delivering.
    func stop() { task.withLock { $0 }?.cancel() }

    /// One POST; true on a 2xx answer.
    private static func post(_ json: String, to hook: WebhookSettings, session: URLSession) async -> Bool {
        guard let url = URL(string: hook.url) else { return false }
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let secret = hook.secretToken {
            request.setValue(secret, forHTTPHeaderField: "X-Telegram-Bot-Api-Secret-Token")
        }
        request.httpBody = Data(json.utf8)
        let status = ((try? await session.fetch(request))?.1 as? HTTPURLResponse)?.statusCode ?? 0
        return (200..<300).contains(status)
    }
}
