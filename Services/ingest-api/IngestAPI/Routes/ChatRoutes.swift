import Domain
import HTTP1
import HTTPServer

/// A chat's history and mode (admin API).
enum ChatRoutes {
    /// Adds the routes to `router`.
    static func register(on router: inout Router, context: AppContext) {
        router.get("/api/chats/{chat_id}/messages") { request in
            let page = try await context.ingest.chats.history(
                of: try request.chatID(), limit: try request.limit(), before: try request.before())
            return try .json(page)
        }
        router.post("/api/chats/{chat_id}/messages") { request in
            let chatID = try request.chatID()
            let body = try JSONBody.decode(MessagePost.self, from: request)
            let message = try await record(try body.newMessage(chatID: chatID), context: context)
            return try .json(message, status: 201)
        }
        router.get("/api/chats/{chat_id}/mode") { request in
            let chatID = try request.chatID()
            let mode = try await RedisCall.run { try await context.modes.mode(of: chatID) }
            return try .json(ModeBody(chatID: chatID, mode: mode))
        }
        router.put("/api/chats/{chat_id}/mode") { request in
            let chatID = try request.chatID()
            let mode = try JSONBody.decode(ModePut.self, from: request).mode
            let previous = try await RedisCall.run { try await context.modes.setMode(mode, of: chatID) }
            try await context.ingest.chats.recordMode(mode, of: chatID, changed: previous != mode)
            return try .json(ModeBody(chatID: chatID, mode: mode))
        }
    }

    /// Stores a relayed message; an operator's reply moves the chat's new ticket to open.
    static func record(_ message: NewMessage, context: AppContext) async throws -> ChatMessage {
        let stored = try await context.ingest.chats.store(message)
        if message.sender == .operator {
            _ = try await context.ingest.tickets.noteOperatorReply(chatID: message.chatID)
        }
        return stored.message
    }
}
