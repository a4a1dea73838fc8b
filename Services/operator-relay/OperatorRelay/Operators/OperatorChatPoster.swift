import Foundation
import TelegramOutbox

/// One message to post in the operator chat about a user chat.
enum OperatorPost: Sendable, Equatable {
    /// A text in Telegram HTML (every user part escaped).
    case html(String)
    /// A copy of a message (media included) from another chat, without "forwarded from".
    case copy(fromChatID: Int64, messageID: Int64)
}

/// Posts in the operator chat, through the outbox: about a user chat (in its forum topic
/// when the operator chat is a forum, each post's message ids then recorded as that user's
/// through the receipt), or as a notice answering an operator.
struct OperatorChatPoster: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// Posts `posts` about `chatID`. `id` names them after what caused them, so handling the
    /// cause again queues nothing new. `createTopic: false` posts where the chat already is
    /// (its topic if it has one) without making a topic.
    func post(_ posts: [OperatorPost], about chatID: String, name: String, id: String, createTopic: Bool = true)
        async throws
    {
        guard context.isTelegramOn, let operatorChat = context.operatorChatID, let topics = context.topics else {
            context.logger.warning(
                "no operator chat (OPERATOR_CHAT_ID, TELEGRAM_TOKEN): not posted", ["chat": .string(chatID)])
            return
        }
        let placement =
            createTopic
            ? try await topics.placement(for: chatID, name: name) : try await topics.existingPlacement(for: chatID)
        for (index, post) in posts.enumerated() {
            let base: SendRequest
            switch post {
            case .html(let text):
                base = .text(id: "relay:\(id):\(index)", chatID: operatorChat, text: text, isHTML: true)
            case .copy(let fromChatID, let messageID):
                base = .copy(
                    id: "relay:\(id):\(index)", chatID: operatorChat, fromChatID: fromChatID, messageID: messageID)
            }
            try await enqueue(base, at: placement, about: chatID, name: name)
        }
        context.count("operator_posts", help: "Posts queued for the operator chat about user chats.")
    }

    /// Queues `base` (a request without a topic) at `placement`, with a receipt that maps the
    /// sent message to `chatID` and, in a topic, can post it again if the topic is gone.
    func enqueue(_ base: SendRequest, at placement: Placement, about chatID: String, name: String) async throws {
        var request = base
        var details = [
            ReceiptContext.kind: ReceiptContext.post, ReceiptContext.chat: chatID, ReceiptContext.name: name,
        ]
        if case .topic(let thread, let generation) = placement {
            // A new id per topic generation: the post into a recreated topic is a new send.
            request.id += ":g\(generation)"
            request.messageThreadID = thread
            details[ReceiptContext.thread] = String(thread)
            details[ReceiptContext.resend] = String(decoding: try JSONEncoder().encode(base), as: UTF8.self)
        }
        request.receiptStream = context.keys.relayReceipts
        request.context = details
        try await context.outbox.enqueue(request)
    }

    /// A post refused because its topic no longer exists: the topic is dropped and the post
    /// goes into the user's next topic.
    func repost(refused receipt: SendReceipt) async throws {
        guard let details = receipt.context, let chatID = details[ReceiptContext.chat],
            let thread = details[ReceiptContext.thread].flatMap({ Int64($0) }),
            let json = details[ReceiptContext.resend],
            let base = try? JSONDecoder().decode(SendRequest.self, from: Data(json.utf8)), let topics = context.topics
        else { return }
        let name = details[ReceiptContext.name] ?? chatID
        try await topics.lost(thread, of: chatID)
        context.logger.info("a user's topic is gone; posting into a new one", ["chat": .string(chatID)])
        try await enqueue(base, at: try await topics.placement(for: chatID, name: name), about: chatID, name: name)
    }

    /// Answers an operator's message with a plain-text notice, in the same topic. `id` names
    /// it after the operator's message. `chat`: where the operator wrote, when not the
    /// operator chat (an admin answering in their own chat).
    func tell(_ text: String, replyingTo messageID: Int64?, thread: Int64?, id: String, in chat: Int64? = nil)
        async throws
    {
        guard context.isTelegramOn, let target = chat ?? context.operatorChatID else { return }
        try await context.outbox.enqueue(
            .text(
                id: "relay:\(id):notice", chatID: target, text: text, replyToMessageID: messageID,
                messageThreadID: thread))
    }
}
