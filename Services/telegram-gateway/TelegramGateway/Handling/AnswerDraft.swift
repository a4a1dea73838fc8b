import Catalog
import TelegramBotAPI
import TelegramOutbox

/// A streamed answer shown while it grows, the way the best LLM bots do it: one Telegram
/// message, sent once the answer has been growing for `draftInterval` and edited at most
/// once per interval after that. An answer complete within the first interval is never
/// drafted (it is sent once, as before).
///
/// Drafts go straight through the sender (same flood limits as everything else) rather than
/// the durable outbox: a lost draft costs nothing. The final answer does go through the
/// outbox, as an edit of the draft (`messageID`), so the user ends with one message. The
/// draft's message id is memoised with the update (in this process while Redis cannot take
/// it: `UnsavedMemos`), so handling it again after a failure edits the same message.
actor AnswerDraft {
    /// The chat.
    private let chatID: Int64
    /// The update being answered; names every send.
    private let updateID: Int64
    /// What handling needs.
    private let context: GatewayContext
    /// The language of the frame around the text.
    private let texts: Texts
    /// The newest answer text so far.
    private var latest = ""
    /// The text of the version last shown.
    private var shown = ""
    /// How many versions were sent (names each send).
    private var versions = 0
    /// The draft's message, once Telegram accepted it.
    private(set) var messageID: Int64?
    /// Shows versions while the answer grows.
    private var pump: Task<Void, Never>?
    /// True while a version is on its way to Telegram (finishing waits for it).
    private var isSending = false
    /// True once the final answer is known: no more versions.
    private var isFinished = false

    /// A draft for the answer to `updateID` in `chatID`; `messageID` when an earlier attempt
    /// already showed one.
    init(chatID: Int64, updateID: Int64, context: GatewayContext, texts: Texts, messageID: Int64?) {
        self.chatID = chatID
        self.updateID = updateID
        self.context = context
        self.texts = texts
        self.messageID = messageID
    }

    /// Takes the whole text so far (from any thread; pieces may arrive out of order, and
    /// the longest wins since each carries all before it).
    nonisolated func update(_ text: String) {
        Task { await self.receive(text) }
    }

    /// Stops drafting once the answer is complete; returns the draft's message, if one was
    /// shown (the final answer then replaces its text).
    func finish() async -> Int64? {
        isFinished = true
        // A version on its way is waited for: its message id must be known, or the final
        // answer would come as a second message.
        if !isSending { pump?.cancel() }
        await pump?.value
        return messageID
    }

    /// Records `text` and starts the pump on the first piece.
    private func receive(_ text: String) {
        guard !isFinished, text.count > latest.count else { return }
        latest = text
        if pump == nil { pump = Task { await self.run() } }
    }

    /// One version per interval while the text grows.
    private func run() async {
        while true {
            do {
                try await Task.sleep(for: context.pacing.draftInterval)
            } catch {
                return
            }
            if isFinished { return }
            if latest != shown { await show(latest) }
        }
    }

    /// Sends (first) or edits (later) the draft to `text`.
    private func show(_ text: String) async {
        let body = texts.automaticAnswer(HTMLText.escape(text) + " …", nil)
        // A draft past Telegram's length shows its first part; the final answer is split.
        let first = MessageSplitter.split(body, isHTML: true).first ?? body
        let id = "update:\(updateID):draft:\(versions)"
        versions += 1
        shown = text
        let request: SendRequest
        if let messageID {
            request = SendRequest(
                id: id, method: .editMessageText, chatID: chatID, text: first, isHTML: true, messageID: messageID)
        } else {
            request = .text(id: id, chatID: chatID, text: first, isHTML: true)
        }
        isSending = true
        defer { isSending = false }
        guard let receipt = await context.sender.deliver(request), receipt.isDelivered,
            let sentID = receipt.messageIDs.first, messageID == nil
        else { return }
        messageID = sentID
        do {
            try await context.memo.store(String(sentID), "draft", of: updateID)
        } catch {
            context.logger.warning(
                "draft's message id kept in this process only",
                ["update": .int(Int(updateID)), "error": .string("\(error)")])
        }
    }
}
