/// A failure the double answers with instead of accepting a call, on demand.
public enum InjectedFailure: Sendable, Equatable {
    /// 429 "Too Many Requests: retry after N" with `parameters.retry_after`.
    case tooManyRequests(retryAfter: Int)
    /// 400 "Bad Request: can't parse entities: …", whatever the markup.
    case cantParseEntities
    /// 403 "Forbidden: bot was blocked by the user".
    case blockedByUser
    /// 400 "Bad Request: chat not found" (an id the bot never talked to).
    case chatNotFound
    /// 500 "Internal Server Error".
    case serverError
    /// 502 with an HTML page instead of JSON, as a proxy in front would answer.
    case badGateway

    /// The status, and the JSON body (nil: the HTML page).
    var answer: (status: Int, body: String) {
        switch self {
        case .tooManyRequests(let seconds):
            (429, BotReply.error(429, "Too Many Requests: retry after \(seconds)", retryAfter: seconds))
        case .cantParseEntities:
            (400, BotReply.error(400, "Bad Request: can't parse entities: Unsupported start tag at byte offset 0"))
        case .blockedByUser: (403, BotReply.error(403, "Forbidden: bot was blocked by the user"))
        case .chatNotFound: (400, BotReply.error(400, "Bad Request: chat not found"))
        case .serverError: (500, BotReply.error(500, "Internal Server Error"))
        case .badGateway: (502, "<html><body>502 Bad Gateway</body></html>")
        }
    }
}
