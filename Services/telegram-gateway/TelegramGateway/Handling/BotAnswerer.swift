import Catalog
import Domain
import Foundation
import IngestClient
import TelegramBotAPI
import TelegramOutbox

/// Bot mode: the text goes to `POST /api/ingest`; the user gets the automatic answer or
/// the ticket notice in their language, or the error texts of CONTRACT §4 (ingest-api down:
/// connection error; a bad answer: processing error; a time-out: one retry after 5 s).
///
/// A model may take 5–30 s. The answer is asked for streamed: ingest-api answers the head
/// as soon as the question is stored, so the 5 s time-out applies to that (a stuck or dead
/// ingest-api), not to the model. Meanwhile the user sees "typing…", and a streamed answer
/// grows in one message (`AnswerDraft`). The answer is delivered once: it is named after
/// the update in the outbox and memoised, and a retry meeting the first attempt still at
/// work (409 in_progress) waits for its answer instead of reporting an error.
struct BotAnswerer: Sendable {
    /// What handling needs.
    let context: GatewayContext

    /// Answers `message` of update `updateID`.
    func answer(_ message: Message, updateID: Int64) async throws {
        let chatID = message.chat.id
        let texts = await context.texts(for: chatID, user: message.from)
        guard let text = message.text, !text.isEmpty else {
            try await context.reply(texts.textOnly, to: chatID, id: "update:\(updateID):answer")
            return
        }
        let request = IngestRequest(
            text: text, channel: "telegram", chatID: String(chatID), user: message.from.map(ChatUser.init(telegram:)))
        // Unknown is not "none": a draft shown by an earlier attempt would get a second
        // message beside it. While the memo cannot be read, the update waits (and nothing
        // could be queued for the user anyway: the outbox is in Redis too).
        let earlierDraft = try await context.memo.value("draft", of: updateID).flatMap { Int64($0) }
        let draft = AnswerDraft(
            chatID: chatID, updateID: updateID, context: context, texts: texts, messageID: earlierDraft)
        let typing = TypingIndicator(chatID: chatID, api: context.api, pacing: context.pacing, logger: context.logger)
        let reply: String
        do {
            let response = try await ingestResponse(for: request, updateID: updateID, onText: draft.update)
            // The language of the text, when it says enough ("VPN" alone does not): the
            // chat's from now on, and the reply's.
            let detected = Language.detected(response.language, in: text)
            do {
                try await context.languages.remember(detected, of: String(chatID))
            } catch {
                context.logger.warning("cannot remember a chat's language", ["error": .string("\(error)")])
            }
            let language = Language.first(of: [detected], else: texts.language)
            reply = Self.text(for: response, in: language) ?? Texts.of(language).processingError
        } catch .unreachable, .timedOut {
            reply = texts.connectionError
        } catch {
            context.logger.warning("ingest-api answered badly", ["error": .string(error.description)])
            reply = texts.processingError
        }
        typing.stop()
        try await deliver(reply, to: chatID, updateID: updateID, replacing: await draft.finish())
    }

    /// Queues the final answer: as an edit of the draft when one was shown (the rest of a
    /// long answer as a message after it), else as a message.
    private func deliver(_ reply: String, to chatID: Int64, updateID: Int64, replacing draftID: Int64?) async throws {
        let id = "update:\(updateID):answer"
        guard let draftID else {
            try await context.reply(reply, to: chatID, id: id)
            return
        }
        let parts = MessageSplitter.split(reply, isHTML: true)
        try await context.outbox.enqueue(
            SendRequest(
                id: id, method: .editMessageText, chatID: chatID, text: parts.first ?? reply, isHTML: true,
                messageID: draftID))
        if parts.count > 1 {
            try await context.reply(parts.dropFirst().joined(), to: chatID, id: id + ":rest")
        }
    }

    /// ingest-api's answer, from the memo when this update was answered before.
    private func ingestResponse(
        for request: IngestRequest, updateID: Int64, onText: @escaping @Sendable (String) -> Void
    ) async throws(IngestClientError) -> IngestResponse {
        if let saved = try? await context.memo.value("ingest", of: updateID),
            let response = try? JSONDecoder().decode(IngestResponse.self, from: Data(saved.utf8))
        {
            return response
        }
        // The update names the question: a retry, or this update handled again after a
        // restart, is stored and answered once by ingest-api.
        let key = "telegram-update:\(context.api.botID):\(updateID)"
        let response = try await ask(request, key: key, updateID: updateID, onText: onText)
        if let json = try? JSONEncoder().encode(response) {
            try? await context.memo.store(String(decoding: json, as: UTF8.self), "ingest", of: updateID)
        }
        return response
    }

    /// Asks ingest-api until it answers: a time-out (no head in time, or a stream gone
    /// silent) is retried once after `ingestRetryDelay` (CONTRACT §4); an answer still being
    /// made under `key` is waited for, up to the pacing's patience.
    private func ask(
        _ request: IngestRequest, key: String, updateID: Int64, onText: @escaping @Sendable (String) -> Void
    ) async throws(IngestClientError) -> IngestResponse {
        let giveUp = ContinuousClock.now + context.pacing.patience
        var hasRetried = false
        while true {
            do {
                return try await context.ingest.ingestStreamed(request, idempotencyKey: key, onText: onText)
            } catch .timedOut where !hasRetried {
                hasRetried = true
                context.logger.info("ingest-api timed out; retrying", ["update": .int(Int(updateID))])
                try? await Task.sleep(for: context.ingestRetryDelay)
            } catch .refused(status: 409, code: "in_progress", message: _) where ContinuousClock.now < giveUp {
                try? await Task.sleep(for: context.pacing.pollInterval)
            }
        }
    }

    /// The user's text for an answer of ingest-api, in the language it detected; nil when
    /// the answer is neither an automatic answer nor a ticket.
    static func text(for response: IngestResponse) -> String? {
        text(for: response, in: Language(code: response.language) ?? .en)
    }

    /// The user's text for an answer of ingest-api in `language`; nil when the answer is
    /// neither an automatic answer nor a ticket.
    static func text(for response: IngestResponse, in language: Language) -> String? {
        let texts = Texts.of(language)
        if response.isAnswered, let answer = response.answer {
            let confidence = response.similarityScore.map { Int(($0 * 100).rounded()) }
            return texts.automaticAnswer(HTMLText.escape(answer), confidence)
        }
        guard let ticketID = response.ticketID else { return nil }
        return texts.ticketNotice(
            ticketID, HTMLText.escape(response.category ?? "-"), HTMLText.escape(response.priority ?? "-"),
            HTMLText.escape(response.department ?? "-"))
    }
}
