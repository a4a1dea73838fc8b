import Foundation
import HTTP1
import HTTPServer
import Logging
import TelegramBotAPI

/// The webhook route: Telegram POSTs each update with our secret in
/// `X-Telegram-Bot-Api-Secret-Token`. A call without the right secret gets 401 and is not
/// handled; a right one is stored in the inbox and answered 200 at once (handling happens
/// in the workers), or 503 when Redis cannot take it, so Telegram delivers it again.
enum WebhookEndpoint {
    /// The header Telegram sends the secret in.
    static let secretHeader = "X-Telegram-Bot-Api-Secret-Token"

    /// Adds the route at `path`.
    static func add(to router: inout Router, path: String, secret: String, inbox: UpdateInbox, logger: Logger) {
        router.post(path) { request in
            guard let given = request.headers[secretHeader], isEqual(given, secret) else {
                throw HTTPError(401, code: "unauthorized", message: "missing or wrong secret token")
            }
            guard let update = try? JSONDecoder().decode(Update.self, from: Data(request.body)) else {
                throw HTTPError.badRequest("the body is not a Telegram update")
            }
            do {
                try await inbox.append(update)
            } catch {
                logger.warning("cannot store a webhook update", ["error": .string("\(error)")])
                throw HTTPError.unavailable("cannot store the update now")
            }
            return .json(raw: "{}")
        }
    }

    /// Compares in time independent of where the texts differ, so the secret cannot be
    /// guessed byte by byte from response times.
    static func isEqual(_ given: String, _ secret: String) -> Bool {
        let left = Array(given.utf8)
        let right = Array(secret.utf8)
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0 && left.count == right.count
    }
}
