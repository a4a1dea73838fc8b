import Foundation

/// The classification rules file (Resources/classification.json): categories with their
/// department, base priority and keywords per language, and priority words.
struct ClassificationRules: Codable, Sendable {
    /// What a ticket gets when no category matches.
    struct Fallback: Codable, Sendable {
        /// The category name.
        var category: String
        /// The department that handles it.
        var department: String
        /// The base priority: low, medium, high or critical.
        var priority: String
    }

    /// One category and the words that point to it.
    struct Category: Codable, Sendable {
        /// The category name tickets get.
        var name: String
        /// The department that handles it.
        var department: String
        var priority: String
        /// Keywords per language code.
        var keywords: [String: [String]]
    }

    /// What a ticket gets when no category matches.
    var `default`: Fallback
    /// The categories, in order of precedence on ties.
    var categories: [Category]
    /// Priority level ("critical", "high", "low") → phrases per language.
    var priorities: [String: [String: [String]]]

    /// The rules in the JSON file at `url`; throws with a readable reason.
    static func load(from url: URL) throws -> ClassificationRules {
        let rules: ClassificationRules
        do {
            rules = try JSONDecoder().decode(ClassificationRules.self, from: Data(contentsOf: url))
        } catch {
            throw StartupError("classification rules \(url.path) cannot be read: \(error)")
        }
        let levels = Set(TicketPriority.allCases.map(\.rawValue))
        for priority in [rules.default.priority] + rules.categories.map(\.priority) + Array(rules.priorities.keys)
        where !levels.contains(priority) {
            throw StartupError("classification rules \(url.path): unknown priority \"\(priority)\"")
        }
        return rules
    }
}
