import Domain
import HTTP1
import HTTPServer

/// The FAQ admin API: list, add (or update on language and question), delete.
enum FAQRoutes {
    /// Adds the routes to `router`.
    static func register(on router: inout Router, context: AppContext) {
        router.get("/api/faq") { request in
            let language = try request.query["language"].flatMap { $0.isEmpty ? nil : $0 }.map(
                IngestValidation.language)
            return try .json(
                try await context.ingest.faq.list(
                    language: language, limit: try request.limit(), before: try request.before())
            )
        }
        router.post("/api/faq") { request in
            let entry = try JSONBody.decode(FAQPost.self, from: request).entry(detector: context.ingest.detector)
            let stored = try await context.ingest.faq.upsert([entry])
            guard let entry = stored.first else { throw HTTPError.unavailable("the entry was not stored") }
            return try .json(entry, status: 201)
        }
        router.delete("/api/faq/{id}") { request in
            let id = try request.id()
            guard try await context.ingest.faq.delete(id: id) else { throw HTTPError.notFound("no FAQ entry \(id)") }
            return HTTPResponse(status: 204)
        }
    }
}

/// The body of `POST /api/faq`.
struct FAQPost: Decodable, Sendable {
    /// The question.
    var question: String
    /// The answer.
    var answer: String
    /// Detected from the question when absent.
    var language: String?
    /// The category name.
    var category: String?
    /// Other ways the question is asked.
    var phrasings: [String]?

    /// The entry to upsert, validated.
    func entry(detector: LanguageDetector) throws -> FAQFile.Entry {
        let question = try IngestValidation.text(question, field: "question")
        guard question.unicodeScalars.count <= 1000 else {
            throw HTTPError.badRequest("question is longer than 1000 characters")
        }
        let language =
            try language.flatMap { $0.isEmpty ? nil : $0 }.map(IngestValidation.language) ?? detector.detect(question)
        guard (phrasings?.count ?? 0) <= 50 else { throw HTTPError.badRequest("phrasings holds more than 50 entries") }
        return FAQFile.Entry(
            question: question, answer: try IngestValidation.text(answer, field: "answer"), language: language,
            category: try IngestValidation.optionalField(category, name: "category"),
            phrasings: try phrasings?.map { try IngestValidation.text($0, field: "phrasings") })
    }
}
