/// One message of a web IM conversation, as kept in its history and sent in `response`
/// frames: `{"id","role","content","message_chain","timestamp"}`.
struct PipelineMessage: Codable, Sendable, Equatable {
    /// One element of a message chain; only `Plain` text is produced or read.
    struct ChainItem: Codable, Sendable, Equatable {
        let type: String
        let text: String

        /// A plain-text element.
        static func plain(_ text: String) -> ChainItem { ChainItem(type: "Plain", text: text) }
    }

    /// Numbered per pipeline and session type, in the order the messages were written.
    let id: Int
    /// "user" for the visitor, "assistant" for the bot and operators.
    let role: String
    let content: String
    let messageChain: [ChainItem]
    let timestamp: String

    enum CodingKeys: String, CodingKey {
        case id, role, content, timestamp
        case messageChain = "message_chain"
    }

    /// An assistant message whose chain is its text.
    static func assistant(id: Int, content: String, timestamp: String) -> PipelineMessage {
        PipelineMessage(
            id: id, role: "assistant", content: content, messageChain: [.plain(content)], timestamp: timestamp)
    }
}
