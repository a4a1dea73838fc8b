/// Who answers a chat: the bot (FAQ/LLM) or a human operator (CONTRACT §4).
public enum ChatMode: String, Codable, Sendable, CaseIterable {
    case bot
    case `operator`
}
