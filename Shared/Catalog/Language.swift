/// The languages the catalogue has texts in.
public enum Language: String, Sendable, CaseIterable {
    /// English and Russian.
    case en, ru

    /// The language for a Telegram `language_code` or a detected language ("ru", "ru-RU",
    /// "en-US"…). Kazakh users get Russian, as the original bot served them; anything else English.
    public init(code: String?) {
        let base = (code ?? "").lowercased().prefix { $0 != "-" && $0 != "_" }
        switch base {
        case "ru", "kk", "kz", "be", "uk": self = .ru
        default: self = .en
        }
    }
}
