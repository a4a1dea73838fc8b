import Domain

/// A FAQ entry and how well it matches a question: the best trigram similarity between
/// the question's content words and those of the entry's phrasings, from 0 to 1.
struct FAQMatch: Sendable {
    var entry: FAQEntry
    var score: Double
}
