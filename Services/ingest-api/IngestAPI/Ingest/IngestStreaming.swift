import Domain
import Foundation

extension IngestService {
    /// The answer to a prepared question as events: a FAQ answer as one delta, a model's
    /// answer piece by piece as it is produced, then the result. The first pieces are held
    /// back until they cannot be the start of "I don't know" (a declining answer is never
    /// shown; it escalates). A model that fails after pieces were sent also escalates:
    /// the result (status "new") then replaces the partial text. Returns the result.
    @discardableResult
    func streamAnswer(
        _ prepared: Prepared, emit: @Sendable (IngestStreamEvent) async throws -> Void
    ) async throws -> IngestResponse {
        let (input, stored) = (prepared.input, prepared.stored)
        if let hit = prepared.faqAnswer {
            try await emit(.delta(hit.entry.answer))
            let response = try await answer(
                hit.entry.answer, source: .faq, score: hit.score, input: input, stored: stored)
            try await emit(.result(response))
            return response
        }
        var reason = prepared.noAnswerReason
        if let model {
            let messages = await prompt(for: input, stored: stored, faq: prepared.candidates)
            var text = ""
            var isReleased = false
            do {
                for try await piece in model.streamAnswer(messages) {
                    text += piece
                    if isReleased {
                        try await emit(.delta(piece))
                    } else if Self.canRelease(text) {
                        isReleased = true
                        try await emit(.delta(String(text.trimmingPrefix(while: \.isWhitespace))))
                    }
                }
                switch Self.outcome(of: String(text.trimmingPrefix(while: \.isWhitespace))) {
                case .answer(let answerText):
                    if !isReleased { try await emit(.delta(answerText)) }
                    let response = try await answer(answerText, source: .llm, score: nil, input: input, stored: stored)
                    try await emit(.result(response))
                    return response
                case .declined(let declined): reason = declined
                case .failed: break
                }
            } catch {
                logger.warning("model stream failed; escalating", ["error": .string("\(error)")])
            }
        }
        let response = try await escalate(input: input, stored: stored, response: reason)
        try await emit(.result(response))
        return response
    }

    /// The stream of an answer that is already complete (given before to a repeated
    /// idempotency key, or found without a model): the answer text as one delta, then the
    /// result.
    static func replay(_ response: IngestResponse, emit: @Sendable (IngestStreamEvent) async throws -> Void)
        async throws
    {
        if response.isAnswered, let answer = response.answer { try await emit(.delta(answer)) }
        try await emit(.result(response))
    }

    /// Whether `text` so far can no longer turn into "I don't know…".
    static func canRelease(_ text: String) -> Bool {
        let start = text.trimmingPrefix(while: \.isWhitespace)
        return start.count >= AnswerPrompt.noAnswerPrefix.count + 2 && !AnswerPrompt.declines(String(start))
    }
}
