import Admission
import Domain
import HTTP1
import HTTPServer

/// Who sent a `POST /api/ingest` (CONTRACT §3): the desk's own services, which present
/// `INTERNAL_API_TOKEN`, or an outsider, who may only write to `api` chats.
enum IngestCaller: String, Sendable {
    /// telegram-gateway, notify-hub, operator-relay: any channel, any chat.
    case desk
    /// Anyone else: `api` chats only, never a Telegram or web chat.
    case outsider

    /// The caller of `request` writing `body`, by its `Authorization: Bearer` against
    /// `internalToken` (no token configured: everyone is an outsider). Refuses what an
    /// outsider may not write; a wrong bearer then counts toward `auth`'s brake (the right
    /// one would have been let through), never for a write to an `api` chat.
    static func of(
        _ request: HTTPRequest, writing body: IngestRequest, internalToken: AdminToken, auth: AdminAuth
    ) throws -> IngestCaller {
        let bearer = auth.bearer(internalToken, in: request)
        let caller: IngestCaller = bearer == .matches ? .desk : .outsider
        do {
            try caller.check(body)
        } catch {
            if bearer == .wrong { auth.recordWrongBearer(of: request) }
            throw error
        }
        return caller
    }

    /// Refuses (`InputRefusal.forbidden`, a 403) what an outsider may not write: another channel than `api`, or a chat
    /// id of the Telegram (a number) or web (`web-…`) kind. Telegram and web chat ids are
    /// reserved whether or not the chat exists yet: an outsider who took "12345" first would
    /// have its lines shown in that Telegram user's history later.
    func check(_ request: IngestRequest) throws {
        guard self == .outsider else { return }
        if let channel = request.channel, !channel.isEmpty, channel != Channel.api.rawValue {
            throw InputRefusal.forbidden(
                "only the desk's own services may write to \(channel) chats; use channel \"api\"")
        }
        if let chatID = request.chatID, Channel.of(chatID: chatID) != .api {
            throw InputRefusal.forbidden(
                "chat \(chatID) is a Telegram or web chat: only the desk's own services may write to it")
        }
    }
}
