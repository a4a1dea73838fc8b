/// Language codes as clients send them and as the desk stores them.
enum LanguageCode {
    /// What the desk falls back to when a text has no letters to judge by.
    static let fallback = "en"

    /// `code` normalized: lower-case primary subtag ("en-US" → "en"), `kz` → `kk` (the
    /// country code people often use for Kazakh). Nil when it is not a language tag.
    static func normalized(_ code: String) -> String? {
        let primary =
            code.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            .first.map { $0.split(separator: "_").first ?? $0 } ?? ""
        guard (2...3).contains(primary.count),
            primary.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic })
        else { return nil }
        let lower = primary.lowercased()
        return lower == "kz" ? "kk" : lower
    }
}
