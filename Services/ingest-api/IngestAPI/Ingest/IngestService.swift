import DeskProtocol
import Domain
import HTTPServer
import Logging
import Postgres

/// `POST /api/ingest`: store the question, answer it from the FAQ or the model, or
/// escalate it to a ticket (CONTRACT §3).
///
/// 1. The message is stored (its event in the outbox with it) before anything else, so it is kept even
///    when answering fails.
/// 2. The FAQ is matched inside PostgreSQL; a score at or above the threshold answers.
/// 3. Otherwise the model, if configured, answers with the chat's recent history and the
///    closest FAQ entries as context; an answer starting "I don't know", an error or a
///    time-out falls through.
/// 4. Otherwise the question joins the chat's open ticket or opens one (classified by the
///    rules file); a new ticket publishes `new_session` and `ticket_created`.
///
/// Without a model, steps 1, 2 and 4 are one database transaction (`OneCallIngest`), the
/// events written to the outbox in it (`DeskEvents`).
struct IngestService: Sendable {
    /// Users, chats and messages.
    let chats: ChatStore
    /// Tickets.
    let tickets: TicketStore
    /// Store, match and answer or file in one database call (used without a model).
    let oneCall: OneCallIngest
    /// Idempotency keys: a repeated request gets the first answer.
    let requestKeys: RequestKeys
    /// The FAQ in PostgreSQL.
    let faq: FAQStore
    /// The ticket classifier.
    let classifier: Classifier
    /// Tells the language of texts that come without one.
    let detector: LanguageDetector
    /// The LLM, nil without `OPENAI_API_KEY`.
    let model: (any AnswerModel)?
    /// `FAQ_SIMILARITY_THRESHOLD`: the score a FAQ answer needs.
    let threshold: Double
    /// How many earlier messages of the chat the model sees.
    let historyCount: Int
    /// Counts outcomes for /metrics.
    let metrics: Metrics
    /// Where the service logs.
    let logger: Logger

    /// FAQ entries scoring at least this are context for the model even below the threshold.
    static let contextScore = 0.3

    /// A stored question and the FAQ entries closest to it.
    struct Prepared: Sendable {
        var input: IngestInput
        var stored: StoredMessage
        /// Best first; scores from `contextScore` up.
        var candidates: [FAQMatch]
        /// The candidate that answers, if one reaches the threshold.
        var faqAnswer: FAQMatch? { candidates.first.flatMap { $0.score >= threshold ? $0 : nil } }
        /// `FAQ_SIMILARITY_THRESHOLD`: the score a FAQ answer needs.
        let threshold: Double

        /// What admins see as the bot's answer when there is none.
        var noAnswerReason: String { IngestService.noAnswerReason(nearestScore: candidates.first?.score) }
    }

    /// What admins see as the bot's answer when there is none, given the nearest FAQ score.
    /// Its SQL twin, `switchboard_no_answer_reason`, writes it for `switchboard_ingest`.
    static func noAnswerReason(nearestScore: Double?) -> String {
        nearestScore.map { "No confident answer (best FAQ match \(Int($0 * 100))%)." } ?? "No FAQ entry matches."
    }

    /// Stores the question and finds the closest FAQ entries.
    func prepare(_ input: IngestInput) async throws -> Prepared {
        let stored = try await storeQuestion(input)
        // Without a model, only an answer matters: the tighter threshold makes the lookup
        // about twice as cheap (bench/faq_match.sh).
        let minimumScore = model == nil ? threshold : min(threshold, Self.contextScore)
        let candidates = try await faq.matches(
            for: input.text, language: input.language, minimumScore: minimumScore, limit: 3)
        return Prepared(input: input, stored: stored, candidates: candidates, threshold: threshold)
    }

    /// How a question's answer is had, once `start` has run.
    enum Start: Sendable {
        /// Complete: the FAQ answered or filed it (without a model, in one database call),
        /// or its idempotency key was answered before.
        case answered(IngestResponse)
        /// The question is stored and the model is to answer it: `finish` does, now or
        /// while the answer streams.
        case pending(Prepared, RequestKey?)
    }

    /// The one way into `POST /api/ingest`, streamed or not: validates what `caller` may
    /// write, then answers at once when it can. The question is stored before this returns
    /// (errors so far are plain HTTP errors; a stream starts only after).
    func start(_ request: IngestRequest, caller: IngestCaller, idempotencyKey: String?) async throws -> Start {
        let input = try IngestInput(request, caller: caller, detector: detector)
        let key = idempotencyKey.map { RequestKey(header: $0, caller: caller, request: request) }
        guard model != nil else { return .answered(try await ingestFromFAQ(input, requestKey: key)) }
        if let key, let previous = try await requestKeys.claim(key) { return .answered(previous) }
        do {
            return .pending(try await prepare(input), key)
        } catch {
            if let key { await requestKeys.release(key) }
            throw error
        }
    }

    /// Answers a pending question (the FAQ, the model, or a ticket), giving `emit` the
    /// pieces as they come, and keeps the answer under its key; a failure gives the key up
    /// so a retry is handled anew.
    func finish(
        _ prepared: Prepared, key: RequestKey?, emit: @Sendable (IngestStreamEvent) async throws -> Void = { _ in }
    ) async throws -> IngestResponse {
        do {
            let response = try await streamAnswer(prepared, emit: emit)
            if let key { try await requestKeys.finish(key, with: response) }
            return response
        } catch {
            if let key { await requestKeys.release(key) }
            throw error
        }
    }

    /// `start` and, when pending, `finish`: the whole answer, for callers that do not stream.
    func ingest(_ request: IngestRequest, caller: IngestCaller, idempotencyKey: String?) async throws -> IngestResponse
    {
        switch try await start(request, caller: caller, idempotencyKey: idempotencyKey) {
        case .answered(let response): return response
        case .pending(let prepared, let key): return try await finish(prepared, key: key)
        }
    }

    /// Without a model: one statement stores the question and the FAQ answer or the ticket,
    /// and the events of what happened, in order (`switchboard_ingest`).
    func ingestFromFAQ(_ input: IngestInput, requestKey: RequestKey?) async throws -> IngestResponse {
        let result = try await requestKeys.guardingInProgress {
            try await oneCall.ingest(
                input, threshold: threshold, nearScore: Self.contextScore,
                classification: classifier.classify(input.text), requestKey: requestKey)
        }
        let outcome: OneCallIngest.Outcome
        switch result {
        case .replayed(let previous): return previous
        case .handled(let handled): outcome = handled
        }
        let stored = outcome.question
        if let answer = outcome.answer {
            return answered(answer.message.text, source: .faq, score: answer.score, input: input, stored: stored)
        }
        guard let escalation = outcome.escalation else {
            throw PostgresError(.decoding, "switchboard_ingest returned neither an answer nor a ticket")
        }
        return filed(escalation.ticket, input: input, stored: stored)
    }

    /// Stores the user's message (its event in the same transaction).
    func storeQuestion(_ input: IngestInput) async throws -> StoredMessage {
        let stored = try await chats.store(
            NewMessage(
                chatID: input.chatID, channel: input.channel, direction: .incoming, sender: .user, text: input.text,
                user: input.user, language: input.language, joinsOpenTicket: false))
        return stored
    }

    /// Stores the bot's answer and says "closed_auto".
    func answer(
        _ text: String, source: IngestResponse.AnswerSource, score: Double?, input: IngestInput,
        stored: StoredMessage
    ) async throws -> IngestResponse {
        _ = try await chats.store(
            NewMessage(
                chatID: input.chatID, channel: input.channel, direction: .outgoing, sender: .bot, text: text, user: nil,
                language: nil, joinsOpenTicket: false))
        return answered(text, source: source, score: score, input: input, stored: stored)
    }

    /// The "closed_auto" response, counted for /metrics.
    private func answered(
        _ text: String, source: IngestResponse.AnswerSource, score: Double?, input: IngestInput,
        stored: StoredMessage
    ) -> IngestResponse {
        metrics.increment(
            "ingest_outcomes_total", labels: [("outcome", source.rawValue)],
            help: "Questions by how they were handled.")
        return IngestResponse(
            status: .closedAuto, answer: text, similarityScore: score.map { ($0 * 1000).rounded() / 1000 },
            source: source, language: input.language, sessionID: stored.sessionID, messageID: stored.message.id)
    }

    /// Files the question in a ticket and says "new".
    func escalate(input: IngestInput, stored: StoredMessage, response: String) async throws -> IngestResponse {
        let escalation = try await tickets.escalate(
            messageID: stored.message.id, chatID: input.chatID, sessionID: stored.sessionID, language: input.language,
            classification: classifier.classify(input.text)
        ) { Self.escalationEvents($0, input: input, stored: stored, response: response) }
        return filed(escalation.ticket, input: input, stored: stored)
    }

    /// The events of a filed question: `new_session` and `ticket_created` for a new ticket,
    /// `ticket_updated` for one the question joined. (`switchboard_ingest` writes the same
    /// events for the questions it files itself.)
    private static func escalationEvents(
        _ escalation: Escalation, input: IngestInput, stored: StoredMessage, response: String
    ) -> [DeskEvent] {
        guard escalation.isNew else { return [.ticketUpdated(escalation.ticket)] }
        let session = NewSessionData(
            sessionID: stored.sessionID, userID: input.user?.id ?? input.chatID, message: input.text,
            response: response, firstName: input.user?.firstName, lastName: input.user?.lastName,
            username: input.user?.username, createdAt: EventTimestamp.now())
        return [.newSession(session), .ticketCreated(escalation.ticket)]
    }

    /// The "new" response, counted for /metrics.
    private func filed(_ ticket: Ticket, input: IngestInput, stored: StoredMessage) -> IngestResponse {
        metrics.increment(
            "ingest_outcomes_total", labels: [("outcome", "ticket")], help: "Questions by how they were handled.")
        return IngestResponse(
            status: .new, ticketID: ticket.id, category: ticket.category, priority: ticket.priority,
            department: ticket.department, language: input.language, sessionID: stored.sessionID,
            messageID: stored.message.id)
    }
}
