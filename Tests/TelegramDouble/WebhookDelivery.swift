import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Delivers updates to the webhook, when one is set, as Telegram does: in order, each
/// POSTed with the secret in `X-Telegram-Bot-Api-Secret-Token`, kept and retried until
/// the bot answers 2xx.
final class WebhookDelivery: Sendable {
    private let core: DoubleCore
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(core: DoubleCore) { self.core = core }

    /// Starts the delivery loop.
    func start() {
        let running = Task { [core] in
            let session = URLSession(configuration: .ephemeral)
            while !Task.isCancelled {
                let next = core.state.withLock { state in
                    state.webhook.flatMap { hook in state.updates.first.map { (hook, $0) } }
                }
                guard let (hook, update) = next, let url = URL(string: hook.url) else {
                    try? await Task.sleep(for: .milliseconds(5))
                    continue
                }
                var request = URLRequest(url: url, timeoutInterval: 10)
                request.httpMethod = "POST"
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                if let secret = hook.secretToken {
                    request.setValue(secret, forHTTPHeaderField: "X-Telegram-Bot-Api-Secret-Token")
                }
                request.httpBody = Data(update.json.utf8)
                let status = ((try? await session.data(for: request))?.1 as? HTTPURLResponse)?.statusCode ?? 0
                core.state.withLock { state in
                    if (200..<300).contains(status) {
                        if let index = state.updates.firstIndex(where: { $0.id == update.id }) {
                            state.updates.remove(at: index)
                        }
                    } else {
                        state.failedDeliveries += 1
                    }
                }
                if !(200..<300).contains(status) { try? await Task.sleep(for: .milliseconds(100)) }
            }
        }
        task.withLock { $0 = running }
    }

    /// Stops delivering.
    func stop() { task.withLock { $0 }?.cancel() }
}
