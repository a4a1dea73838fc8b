import Catalog
import TelegramOutbox

/// What became of the relay's sends, as the gateway's sender reports them: a topic made
/// (or refused), a post sent (its message ids now answer to the user) or refused because
/// its topic was deleted (posted again into a new one), an answer refused (the operator is told).
struct ReceiptHandler: Sendable {
    /// What handling needs.
    let context: RelayContext

    /// Acts on `receipt`.
    func handle(_ receipt: SendReceipt) async throws {
        guard let details = receipt.context, let kind = details[ReceiptContext.kind],
            let chatID = details[ReceiptContext.chat]
        else { return }
        switch kind {
        case ReceiptContext.topic:
            guard let topics = context.topics, let generation = details[ReceiptContext.generation].flatMap({ Int($0) })
            else { return }
            if receipt.isDelivered, let thread = receipt.messageThreadID {
                try await topics.created(thread, for: chatID, generation: generation)
            } else {
                context.logger.warning(
                    "no forum topics in the operator chat: posting without them",
                    ["reason": .string(receipt.errorDescription ?? "")])
                try await topics.refused(for: chatID, generation: generation)
            }
        case ReceiptContext.alert:
            // A reply to any part of the alert answers its user.
            guard receipt.isDelivered else { return }
            try await context.origins(in: receipt.chatID).record(receipt.messageIDs, chatID: chatID)
        case ReceiptContext.post:
            try await context.origins?.record(receipt.messageIDs, chatID: chatID)
            if !receipt.isDelivered, details[ReceiptContext.thread] != nil, Self.isTopicGone(receipt) {
                try await OperatorChatPoster(context: context).repost(refused: receipt)
            }
        case ReceiptContext.answer:
            // A 403 is reported once by the gateway's blocked-chat hand-over instead.
            guard !receipt.isDelivered, receipt.errorCode != 403 else { return }
            try await OperatorChatPoster(context: context).tell(
                context.operatorTexts.text(
                    .notDelivered, ["chat_id": chatID, "reason": receipt.errorDescription ?? "refused by Telegram"]),
                replyingTo: details[ReceiptContext.operatorMessage].flatMap { Int64($0) },
                thread: details[ReceiptContext.operatorThread].flatMap { Int64($0) }, id: receipt.requestID,
                in: details[ReceiptContext.operatorChat].flatMap { Int64($0) })
        default:
            return
        }
    }

    /// Whether Telegram refused a send because its forum topic no longer exists.
    static func isTopicGone(_ receipt: SendReceipt) -> Bool {
        let description = (receipt.errorDescription ?? "").lowercased()
        return description.contains("thread not found") || description.contains("topic_deleted")
            || description.contains("topic deleted")
    }
}
