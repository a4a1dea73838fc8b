/// A question and its answer, per language (CONTRACT §3).
public struct FAQEntry: Codable, Sendable, Equatable {
    public var id: Int64?
    public var question: String
    public var answer: String
    public var language: String
    public var category: String?

    public init(id: Int64? = nil, question: String, answer: String, language: String, category: String? = nil) {
        self.id = id
        self.question = question
        self.answer = answer
        self.language = language
        self.category = category
    }
}
