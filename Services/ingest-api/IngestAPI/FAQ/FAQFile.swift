import Foundation

/// The FAQ data file (`FAQ_FILE`, default faq/default.json): entries with their question,
/// answer, language, category and alternative phrasings of the question.
struct FAQFile: Codable, Sendable {
    /// One entry of the file.
    struct Entry: Codable, Sendable {
        /// The question.
        var question: String
        /// The answer.
        var answer: String
        /// The language code (normalized).
        var language: String
        /// The category name.
        var category: String?
        /// Other ways users ask the same question; each is matched like the question.
        var phrasings: [String]?
    }

    /// The entries, in file order.
    var entries: [Entry]

    /// The file at `path`; when `path` is the default and does not exist relative to the
    /// working directory, the copy shipped with the service (`fallback`).
    static func load(path: String, defaultPath: String, fallback: URL?) throws -> (FAQFile, URL) {
        var url = URL(fileURLWithPath: path)
        if path == defaultPath, !FileManager.default.fileExists(atPath: url.path), let fallback {
            url = fallback
        }
        do {
            let file = try JSONDecoder().decode(FAQFile.self, from: Data(contentsOf: url))
            try file.validate()
            return (file, url)
        } catch let error as StartupError {
            throw StartupError("FAQ_FILE \(url.path): \(error.description)")
        } catch {
            throw StartupError("FAQ_FILE \(url.path) cannot be read: \(error)")
        }
    }

    /// Throws for an entry the database would refuse, naming it.
    func validate() throws {
        for (index, entry) in entries.enumerated() {
            let problem: String? =
                if entry.question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    "empty question"
                } else if entry.answer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    "empty answer"
                } else if LanguageCode.normalized(entry.language) == nil {
                    "language \"\(entry.language)\" is not a language code"
                } else { nil }
            if let problem { throw StartupError("entry \(index + 1): \(problem)") }
        }
    }
}
