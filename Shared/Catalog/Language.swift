/// The languages the catalogue has texts in: those of the desk's users (Russian and Kazakh
/// in the Telegram bots and the helpdesk, Vietnamese admins, Chinese web users) and English.
public enum Language: String, Sendable, CaseIterable {
    /// Russian, Kazakh (Cyrillic), English, Vietnamese, Chinese (simplified).
    case ru, kk, en, vi, zh

    /// The language of a code as clients send it ("ru", "ru-RU", "kz", "zh-Hant-TW", "vi_VN"):
    /// its primary subtag, with "kz" (the country code people use for Kazakh) read as kk.
    /// Nil for a language the catalogue does not have, so the next source can be asked.
    public init?(code: String?) {
        let base = (code ?? "").lowercased().prefix { $0 != "-" && $0 != "_" }
        switch base {
        case "kz": self = .kk
        default:
            guard let language = Language(rawValue: String(base)) else { return nil }
            self = language
        }
    }

    /// The first of `codes` the catalogue has, in the order given (the detected language of
    /// the user's text, then the client's `language_code` or the widget's language…), else
    /// `fallback` (`DEFAULT_LANGUAGE`).
    public static func first(of codes: [String?], else fallback: Language) -> Language {
        for code in codes {
            if let language = Language(code: code) { return language }
        }
        return fallback
    }
}

extension Language {
    /// The language detected in `text` (ingest-api's `language`), when the text says enough
    /// to trust it: any letter outside ASCII (Cyrillic, Vietnamese marks, Han) does, and
    /// plain ASCII needs three words. "VPN", "ok" or "👍" are detected as English (or as the
    /// fallback) whatever the user speaks; for them the chat's language stands.
    public static func detected(_ code: String?, in text: String) -> String? {
        guard let code else { return nil }
        if text.unicodeScalars.contains(where: { !$0.isASCII && $0.properties.isAlphabetic }) { return code }
        let words = text.split(whereSeparator: { !$0.isLetter }).filter { $0.count >= 2 }
        return words.count >= 3 ? code : nil
    }
}
