/// What a reply on a subscriber connection means.
enum PubSubEvent: Equatable {
    /// A message published on a channel subscribed by name.
    case message(channel: String, payload: [UInt8])
    /// A message published on a channel matching a subscribed pattern.
    case patternMessage(pattern: String, channel: String, payload: [UInt8])
    /// The server confirmed one name of a (P)SUBSCRIBE or (P)UNSUBSCRIBE command.
    case confirmation
    /// The server refused a command, with its message.
    case failure(String)
    /// Anything else (for example the reply to a PING); ignored.
    case other

    /// Classifies a RESP2 reply received in subscriber mode.
    init(_ reply: RedisReply) {
        switch reply {
        case .error(let message):
            self = .failure(message)
        case .array(let elements):
            self = Self.classify(elements)
        default:
            self = .other
        }
    }

    /// Classifies the array form: `[kind, …]`.
    private static func classify(_ elements: [RedisReply]) -> PubSubEvent {
        guard let kind = elements.first?.text?.lowercased() else { return .other }
        switch (kind, elements.count) {
        case ("message", 3):
            guard let channel = elements[1].text, let payload = elements[2].bytes else { return .other }
            return .message(channel: channel, payload: payload)
        case ("pmessage", 4):
            guard let pattern = elements[1].text, let channel = elements[2].text, let payload = elements[3].bytes
            else { return .other }
            return .patternMessage(pattern: pattern, channel: channel, payload: payload)
        case ("subscribe", 3), ("unsubscribe", 3), ("psubscribe", 3), ("punsubscribe", 3):
            return .confirmation
        default:
            return .other
        }
    }
}
