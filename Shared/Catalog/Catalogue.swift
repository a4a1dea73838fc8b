/// The message catalogue: for each language, a text per `TextKey` with named placeholders.
public enum Catalogue {
    /// The texts of `language`, as written.
    static func templates(of language: Language) -> [TextKey: String] {
        switch language {
        case .ru: russian
        case .kk: kazakh
        case .en: english
        case .vi: vietnamese
        case .zh: chinese
        }
    }

    /// The text of `key` in `language` as written, placeholders unfilled; nil when missing.
    public static func template(_ key: TextKey, in language: Language) -> String? {
        templates(of: language)[key]
    }

    /// The placeholder names of `key` in `language` ("answer", "chat_id").
    public static func placeholders(_ key: TextKey, in language: Language) -> Set<String> {
        template(key, in: language).map { Template(text: $0).placeholders } ?? []
    }
}
