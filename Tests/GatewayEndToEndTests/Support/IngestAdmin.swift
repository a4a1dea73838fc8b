import Foundation
import TestSupport

/// ingest-api's admin API (CONTRACT §3) as a dashboard would call it: bearer token, JSON.
struct IngestAdmin: Sendable {
    /// ingest-api's port on 127.0.0.1.
    let port: UInt16
    /// `ADMIN_API_TOKEN`.
    let token: String

    /// `GET /api/chats/{chat_id}/messages`, newest first.
    func messages(of chatID: Int64, limit: Int = 100) async throws -> [AdminShapes.Message] {
        try await get("/api/chats/\(chatID)/messages?limit=\(limit)", as: AdminShapes.List<AdminShapes.Message>.self)
            .items
    }

    /// `GET /api/tickets/{id}`.
    func ticket(_ id: Int64) async throws -> AdminShapes.Ticket {
        try await get("/api/tickets/\(id)", as: AdminShapes.Ticket.self)
    }

    /// `GET /api/faq?language=`: the entries of one language (the first 200).
    func faq(language: String) async throws -> [AdminShapes.FAQEntry] {
        try await get("/api/faq?language=\(language)&limit=200", as: AdminShapes.List<AdminShapes.FAQEntry>.self).items
    }

    /// `GET /api/chats/{chat_id}/mode`.
    func mode(of chatID: Int64) async throws -> String {
        try await get("/api/chats/\(chatID)/mode", as: AdminShapes.Mode.self).mode
    }

    /// `PUT /api/chats/{chat_id}/mode`: what the dashboard's "take over" and "give back" do.
    func setMode(_ mode: String, of chatID: Int64) async throws {
        let response = try await send("PUT", "/api/chats/\(chatID)/mode", body: "{\"mode\":\"\(mode)\"}")
        guard response.status == 200 else { throw AdminCallError(path: "mode", response: response) }
    }

    /// GETs `path` and decodes its 200 answer.
    private func get<Value: Decodable>(_ path: String, as type: Value.Type) async throws -> Value {
        let response = try await send("GET", path, body: nil)
        guard response.status == 200 else { throw AdminCallError(path: path, response: response) }
        return try JSONDecoder().decode(Value.self, from: Data(response.body))
    }

    /// One request on a fresh connection, off the cooperative pool.
    private func send(_ method: String, _ path: String, body: String?) async throws -> TestHTTPResponse {
        var headers = [(name: "Authorization", value: "Bearer \(token)")]
        if body != nil { headers.append((name: "Content-Type", value: "application/json")) }
        let sent = headers
        let port = self.port
        return try await offPool {
            let client = try TestHTTPClient(port: port, timeout: .seconds(15))
            defer { client.close() }
            return try client.request(method, path, headers: sent, body: Array((body ?? "").utf8))
        }
    }
}

/// The admin API answered something else than success.
struct AdminCallError: Error, CustomStringConvertible {
    let path: String
    let response: TestHTTPResponse

    var description: String { "\(path): \(response.status) \(response.bodyText)" }
}
