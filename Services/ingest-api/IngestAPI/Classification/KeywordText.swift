/// A message prepared for keyword matching: lower-cased, "ё" read as "е", punctuation
/// turned into spaces, and split into words (hyphens split words too, so "VPN-ге" has
/// the word "vpn").
struct KeywordText: Sendable {
    /// " word word … " with single spaces, for phrase matching.
    let padded: String
    /// The words.
    let words: [Substring]

    /// Prepares `text`.
    init(_ text: String) {
        let cleaned = String(
            Self.fold(text).map { character -> Character in
                character.isLetter || character.isNumber || character == "-" ? character : " "
            })
        let spaced = cleaned.split(separator: " ").joined(separator: " ")
        padded = " " + spaced + " "
        words = spaced.split(whereSeparator: { $0 == " " || $0 == "-" })
    }

    /// Lower-case with "ё" as "е": the keywords of the rules file are folded the same way.
    static func fold(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "ё", with: "е")
    }

    /// Whether `keyword` (already folded) occurs: a phrase (space or hyphen inside)
    /// anywhere on word boundaries; a word of three letters or fewer as a whole word; a
    /// longer word as the start of a word (a stem: "парол" matches "пароля").
    func contains(_ keyword: String) -> Bool {
        if keyword.contains(" ") || keyword.contains("-") {
            return padded.contains(" " + keyword)
        }
        if keyword.count <= 3 {
            return words.contains { $0 == keyword }
        }
        return words.contains { $0.hasPrefix(keyword) }
    }
}

extension String {
    /// `replacingOccurrences` without Foundation: the only replacement we need.
    fileprivate func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
