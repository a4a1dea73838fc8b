import Foundation
import Testing

@testable import NotifyHub

/// The pages' texts in ru, kk, en, vi and zh (Pages/i18n.js): every key in every language
/// with the same placeholders, and every key the pages use exists.
struct PageLanguageTests {
    /// i18n.js's table: language → key → text, read from its own layout (a language block
    /// `    en: {` with one `      "key": "text",` per line).
    static func table() -> [String: [String: String]] {
        let source = String(decoding: PackageResources.i18n_js, as: UTF8.self)
        var table: [String: [String: String]] = [:]
        var language: String?
        let block = /^    ([a-z]{2}): \{$/
        let entry = /^      "([a-zA-Z.]+)": "(.*)",$/
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if let match = line.wholeMatch(of: block) {
                language = String(match.1)
            } else if line == "    }," {
                language = nil
            } else if let language, let match = line.wholeMatch(of: entry) {
                table[language, default: [:]][String(match.1)] = String(match.2)
            }
        }
        return table
    }

    /// The `{name}` placeholders of `text`.
    static func placeholders(_ text: String) -> Set<String> {
        Set(text.matches(of: /\{([a-z_]+)\}/).map { String($0.1) })
    }

    @Test func everyPageTextExistsInEveryLanguageWithTheSamePlaceholders() {
        let table = Self.table()
        #expect(Set(table.keys) == ["ru", "kk", "en", "vi", "zh"])
        let english = table["en"] ?? [:]
        #expect(english.count > 90)
        for (language, texts) in table {
            #expect(Set(texts.keys) == Set(english.keys), "\(language)")
            for (key, text) in english {
                #expect(Self.placeholders(texts[key] ?? "") == Self.placeholders(text), "\(language).\(key)")
            }
        }
    }

    @Test func everyKeyThePagesUseIsInTheTable() {
        let english = Self.table()["en"] ?? [:]
        let pages = [
            PackageResources.chat_html, PackageResources.dashboard_html, PackageResources.chat_js,
            PackageResources.dashboard_js,
        ].map { String(decoding: $0, as: UTF8.self) }
        var used: Set<String> = []
        for page in pages {
            for match in page.matches(of: /data-i18n(?:-[a-z-]+)?="([a-zA-Z.]+)"/) { used.insert(String(match.1)) }
            for match in page.matches(of: /\bt\("([a-zA-Z.]+)"/) { used.insert(String(match.1)) }
        }
        #expect(used.count > 60)
        #expect(used.subtracting(english.keys).isEmpty, "missing: \(used.subtracting(english.keys).sorted())")
    }
}
