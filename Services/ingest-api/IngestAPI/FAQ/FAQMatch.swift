import Domain

/// A FAQ entry and how well it matches a question: the best trigram similarity between
/// the question's content words and those of the entry's phrasings, from 0 to 1.
struct FAQMatch: Sendable {
    /// The entry.
    var entry: FAQEntry
    /// The similarity, 0…1.
    var score: Double
}
