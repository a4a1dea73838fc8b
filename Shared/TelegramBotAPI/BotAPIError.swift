/// Why a Bot API call failed.
public enum BotAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Telegram answered `"ok": false`: its `error_code`, `description` and the
    /// `parameters` it gave (`retry_after` on 429, `migrate_to_chat_id` after a group upgrade).
    case refused(code: Int, description: String, retryAfter: Int?, migrateToChatID: Int64?)
    /// No answer: connection refused or reset, DNS, time-out.
    case transport(String)
    /// An answer that is not the Bot API's JSON envelope (for example a proxy's 502 page).
    case badResponse(status: Int, String)

    /// One line for logs; never contains the token.
    public var description: String {
        switch self {
        case .refused(let code, let description, let retryAfter, _):
            "Telegram refused (\(code)): \(description)" + (retryAfter.map { ", retry after \($0) s" } ?? "")
        case .transport(let message): "Telegram unreachable: \(message)"
        case .badResponse(let status, let message): "unexpected answer from Telegram (HTTP \(status)): \(message)"
        }
    }

    /// The HTTP-like error code Telegram gave, if it answered.
    public var errorCode: Int? {
        switch self {
        case .refused(let code, _, _, _): code
        case .badResponse(let status, _): status
        case .transport: nil
        }
    }

    /// Seconds to wait before the next message to that chat (429 only).
    public var retryAfter: Int? {
        if case .refused(429, _, let seconds, _) = self { return seconds ?? 1 }
        return nil
    }

    /// Worth trying again later: network trouble, Telegram's 5xx, or a non-JSON answer.
    public var isTransient: Bool {
        switch self {
        case .transport: true
        case .badResponse(let status, _): status >= 500 || status == 0
        case .refused(let code, _, _, _): code >= 500
        }
    }

    /// 400 "can't parse entities": the text's markup was rejected; resend it as plain text.
    public var isEntityParseError: Bool {
        if case .refused(400, let description, _, _) = self {
            return description.lowercased().contains("can't parse entities")
        }
        return false
    }

    /// 403: the user blocked the bot, deleted their account, or the bot was removed from the group.
    public var isForbidden: Bool { errorCode == 403 }
}
