import Foundation
import Redis
import TelegramDouble
import TestSupport

/// Driving a running desk from outside, as its users' clients do: HTTP calls to one of
/// its processes, and waiting for what the bot sent in Telegram.
extension Desk {
    /// One request to `service` on a fresh connection, off the cooperative pool; `token`
    /// goes in `Authorization: Bearer`.
    func request(
        _ service: ServiceProcess, _ method: String, _ path: String, body: String? = nil, token: String? = nil,
        timeout: Duration = .seconds(15)
    ) async throws -> TestHTTPResponse {
        var headers: [(name: String, value: String)] = []
        if let token { headers.append((name: "Authorization", value: "Bearer \(token)")) }
        if body != nil { headers.append((name: "Content-Type", value: "application/json")) }
        let sent = headers
        let port = UInt16(service.port)
        return try await offPool {
            let client = try TestHTTPClient(port: port, timeout: timeout)
            defer { client.close() }
            return try client.request(method, path, headers: sent, body: Array((body ?? "").utf8))
        }
    }

    /// The status of `service`'s `GET /readyz`, or nil when it cannot be asked.
    func readiness(of service: ServiceProcess) async -> (status: Int, body: String)? {
        guard let response = try? await request(service, "GET", "/readyz", timeout: .seconds(10)) else { return nil }
        return (response.status, response.bodyText)
    }

    /// The texts of a chat's history in ingest-api (`GET /api/chats/{id}/messages`), oldest
    /// first, each as "sender: text".
    func history(of chatID: String) async throws -> [String] {
        let response = try await request(
            ingest, "GET", "/api/chats/\(chatID)/messages?limit=100", token: Self.adminToken)
        guard response.status == 200 else {
            throw DeskError("history of \(chatID): \(response.status) \(response.bodyText)")
        }
        let items = JSON.object(response.bodyText)["items"] as? [[String: Any]] ?? []
        return items.reversed().map { "\($0["sender"] as? String ?? "?"): \($0["text"] as? String ?? "")" }
    }

    /// Waits for a message the bot sent to `chatID` that satisfies `matches`; throws with
    /// what the chat did get and the processes' logs when none comes within `timeout`.
    @discardableResult
    func telegramMessage(
        to chatID: Int64, timeout: Duration = .seconds(20), where matches: @escaping (SentMessage) -> Bool
    ) async throws -> SentMessage {
        let double = self.double
        _ = await eventually(timeout: timeout) { double.messages(to: chatID).contains(where: matches) }
        guard let message = double.messages(to: chatID).first(where: matches) else {
            let got = double.messages(to: chatID).map { "  \($0.text.debugDescription)" }.joined(separator: "\n")
            throw DeskError("no such message to \(chatID) within \(timeout); it got:\n\(got)\n\(logTails())")
        }
        return message
    }
}

extension Desk {
    /// The durable streams where a handled-but-unacknowledged entry would be delivered
    /// again later (README: "Telegram: receiving, handing off, sending"), with their groups.
    static let durableStreams = [
        ("switchboard:telegram:updates", "gateway"), ("switchboard:telegram:outbox", "senders"),
        ("switchboard:relay:inbox", "relay"), ("switchboard:relay:receipts", "relay"),
        ("switchboard:operator-replies", "relay"),
    ]

    /// Entries delivered to a consumer and not acknowledged, per stream (streams or groups
    /// that do not exist count 0): what a restart or a take-over would handle again.
    func pendingEntries() async throws -> [String: Int] {
        let client = RedisClient(url: try RedisURL(redisURL), poolSize: 1)
        var pending: [String: Int] = [:]
        for (stream, group) in Self.durableStreams {
            let reply = try? await client.send("XPENDING", RedisArgument(stream), RedisArgument(group))
            pending[stream] = reply?.arrayValue?.first?.integerValue ?? 0
        }
        return pending
    }
}
