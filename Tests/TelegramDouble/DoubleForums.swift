/// A forum topic the bot created in the double.
public struct ForumTopic: Sendable, Equatable {
    /// The forum supergroup.
    public var chatID: Int64
    /// The topic's `message_thread_id`.
    public var threadID: Int64
    /// The name it was created with.
    public var name: String
}

/// Forum supergroups: chats with topics, as operators' desks use them.
extension TelegramDouble {
    /// Turns topics on in `chatID`: createForumTopic works there from now on, and a send to
    /// a topic that does not exist (or was deleted) is refused "message thread not found".
    public func makeForum(_ chatID: Int64) {
        _ = core.state.withLock { $0.forums.insert(chatID) }
    }

    /// An operator deletes the topic `threadID` of `chatID` (with its messages).
    public func deleteTopic(_ threadID: Int64, in chatID: Int64) {
        core.state.withLock { state in state.topics[chatID]?[threadID] = nil }
    }

    /// Every topic created in `chatID` so far, deleted ones included, in order.
    public func createdTopics(in chatID: Int64) -> [ForumTopic] {
        core.state.withLock { $0.createdTopics.filter { $0.chatID == chatID } }
    }

    /// The topics of `chatID` that still exist.
    public func liveTopics(in chatID: Int64) -> [ForumTopic] {
        core.state.withLock { state in
            state.createdTopics.filter { $0.chatID == chatID && state.topics[chatID]?[$0.threadID] != nil }
        }
    }
}
