/// A ticket's category, department and priority, by the rules of the classification file.
struct Classification: Sendable, Equatable {
    /// The category name.
    var category: String
    /// The department that handles it.
    var department: String
    /// How pressing it is.
    var priority: TicketPriority
}

/// Classifies questions with `ClassificationRules` (see Resources/classification.json).
///
/// The category with the most keyword hits wins, earlier categories winning ties; every
/// language's keywords count, since users mix languages ("VPN-ге кіре алмаймын"). The
/// priority starts at the category's, rises to the highest "critical"/"high" phrase
/// found, or drops to low on a "low" phrase ("не срочно") when nothing raised it; "low"
/// phrases are taken out first so that "не срочно" does not read as "срочно".
struct Classifier: Sendable {
    /// A category with its keywords folded for matching.
    private struct Rule: Sendable {
        var name: String
        /// The department that handles it.
        var department: String
        /// How pressing it is.
        var priority: TicketPriority
        var keywords: [Keyword]
    }

    /// The categories, in file order.
    private let rules: [Rule]
    /// The classification when no keyword matches.
    private let fallback: Classification
    /// Phrases that raise the priority, highest level first.
    private let raisingPhrases: [(TicketPriority, [Keyword])]
    /// Phrases that lower the priority ("не срочно").
    private let lowPhrases: [Keyword]

    /// A classifier for the rules of `file`, keywords folded for matching.
    init(rules file: ClassificationRules) {
        let fold: ([String: [String]]) -> [Keyword] = { byLanguage in
            // One keyword per text; a word shared with Vietnamese ("excel") keeps the other
            // languages' kind, whatever the order the file is read in.
            var keywords: [String: Keyword] = [:]
            let order: (String) -> (Int, String) = { ($0 == "vi" ? 1 : 0, $0) }
            for (language, words) in byLanguage.sorted(by: { order($0.key) < order($1.key) }) {
                for word in words {
                    let keyword = Keyword(word, isSyllabic: language == "vi")
                    if keywords[keyword.text] == nil { keywords[keyword.text] = keyword }
                }
            }
            return keywords.values.sorted()
        }
        rules = file.categories.map { category in
            Rule(
                name: category.name, department: category.department,
                priority: TicketPriority(rawValue: category.priority) ?? .medium, keywords: fold(category.keywords))
        }
        fallback = Classification(
            category: file.default.category, department: file.default.department,
            priority: TicketPriority(rawValue: file.default.priority) ?? .medium)
        raisingPhrases = [TicketPriority.critical, .high].map { level in
            (level, fold(file.priorities[level.rawValue] ?? [:]))
        }
        lowPhrases = fold(file.priorities[TicketPriority.low.rawValue] ?? [:])
    }

    /// The classification of `text`.
    func classify(_ text: String) -> Classification {
        let words = KeywordText(text)
        var best: (rule: Rule, hits: Int)?
        for rule in rules {
            let hits = rule.keywords.count { words.contains($0) }
            if hits > 0 && hits > (best?.hits ?? 0) { best = (rule, hits) }
        }
        var result =
            best.map {
                Classification(category: $0.rule.name, department: $0.rule.department, priority: $0.rule.priority)
            }
            ?? fallback
        result.priority = priority(of: words, base: result.priority)
        return result
    }

    /// The base priority adjusted by the priority phrases in `text`.
    private func priority(of text: KeywordText, base: TicketPriority) -> TicketPriority {
        var remaining = text
        var lowered = false
        for phrase in lowPhrases where remaining.contains(phrase) {
            lowered = true
            remaining = remaining.removing(phrase)
        }
        for (level, phrases) in raisingPhrases where phrases.contains(where: { remaining.contains($0) }) {
            return max(base, level)
        }
        return lowered ? .low : base
    }
}
