import Catalog
import Domain
import Foundation
import IngestClient
import TelegramBotAPI

/// Bot mode: the text goes to `POST /api/ingest`; the user gets the automatic answer or
/// the ticket notice in their language, or the error texts of CONTRACT §4 (ingest-api down:
/// connection error; a bad answer: processing error; a time-out: one retry after 5 s).
struct BotAnswerer: Sendable {
    /// What handling needs.
    let context: GatewayContext

    /// Answers `message` of update `updateID`.
    func answer(_ message: Message, updateID: Int64) async throws {
        let chatID = message.chat.id
        let texts = Texts.forLanguageCode(message.from?.languageCode)
        guard let text = message.text, !text.isEmpty else {
            try await context.reply(texts.textOnly, to: chatID, id: "update:\(updateID):answer")
            return
        }
        let request = IngestRequest(
            text: text, channel: "telegram", chatID: String(chatID), user: message.from.map(ChatUser.init(telegram:)))
        let reply: String
        do {
            let response = try await ingestResponse(for: request, updateID: updateID)
            reply = Self.text(for: response) ?? texts.processingError
        } catch .unreachable, .timedOut {
            reply = texts.connectionError
        } catch {
            context.logger.warning("ingest-api answered badly", ["error": .string(error.description)])
            reply = texts.processingError
        }
        try await context.reply(reply, to: chatID, id: "update:\(updateID):answer")
    }

    /// ingest-api's answer, from the memo when this update was answered before; a
    /// time-out is retried once after `ingestRetryDelay`.
    private func ingestResponse(for request: IngestRequest, updateID: Int64) async throws(IngestClientError)
        -> IngestResponse
    {
        if let saved = try? await context.memo.value("ingest", of: updateID),
            let response = try? JSONDecoder().decode(IngestResponse.self, from: Data(saved.utf8))
        {
            return response
        }
        // The update names the question: a retry, or this update handled again after a
        // restart, is stored and answered once by ingest-api.
        let key = "telegram-update:\(context.api.botID):\(updateID)"
        let response: IngestResponse
        do {
            response = try await context.ingest.ingest(request, idempotencyKey: key)
        } catch .timedOut {
            context.logger.info("ingest-api timed out; retrying", ["update": .int(Int(updateID))])
            try? await Task.sleep(for: context.ingestRetryDelay)
            response = try await context.ingest.ingest(request, idempotencyKey: key)
        }
        if let json = try? JSONEncoder().encode(response) {
            try? await context.memo.store(String(decoding: json, as: UTF8.self), "ingest", of: updateID)
        }
        return response
    }

    /// The user's text for an answer of ingest-api, in the language it detected; nil when
    /// the answer is neither an automatic answer nor a ticket.
    static func text(for response: IngestResponse) -> String? {
        let texts = Texts.forLanguageCode(response.language)
        if response.status == "closed_auto", let answer = response.answer {
            let confidence = response.similarityScore.map { Int(($0 * 100).rounded()) }
            return texts.automaticAnswer(HTMLText.escape(answer), confidence)
        }
        guard let ticketID = response.ticketID else { return nil }
        return texts.ticketNotice(
            ticketID, HTMLText.escape(response.category ?? "-"), HTMLText.escape(response.priority ?? "-"),
            HTMLText.escape(response.department ?? "-"))
    }
}
