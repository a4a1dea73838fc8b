import Domain
import Foundation

/// An `Idempotency-Key` as stored (CONTRACT §3): scoped to its caller and chat, so no one
/// reads or pre-claims another's answers (the gateway's keys are predictable: bot id and
/// update id), with the request it came with, so the same key with another request is
/// refused (422) rather than answered with the first request's answer.
struct RequestKey: Sendable, Equatable {
    /// "<caller>|<chat>|<key>".
    let scoped: String
    /// The request in a canonical form (its fields as JSON with sorted keys).
    let body: String

    /// The key of `header` (the checked `Idempotency-Key`) for `request` from `caller`.
    /// The chat is the one the request names (not the one chosen for it), so a repeat
    /// without a chat id finds its first answer.
    init(header: String, caller: IngestCaller, request: IngestRequest) {
        let chat = request.chatID ?? request.user?.id ?? ""
        scoped = "\(caller.rawValue)|\(chat)|\(header)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        body = (try? encoder.encode(request)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
