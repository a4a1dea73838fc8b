import Foundation

/// Tells the language of a text from its letters: the script first (Han, Cyrillic,
/// Latin), then the letters only one language of that script uses.
///
/// - Han characters (without kana) → zh.
/// - Cyrillic → kk when it has any of ә ғ қ ң ө ұ ү һ і or a common Kazakh word written
///   without them ("рахмет", "керек"), else ru.
/// - Latin → vi when it has đ, ơ, ư, ă or a letter of the Latin Extended Additional block
///   (Vietnamese tone marks: ạ, ả, ấ, ề, …), or, typed without marks, when at least two
///   words and a third of them are Vietnamese syllables that are not English words
///   ("toi quen mat khau"); else en.
///
/// The script with the most letters wins (a Han character counting as three), so
/// "VPN не работает" is Russian and "VPN断了" Chinese. A text without
/// letters (digits, emoji) is `LanguageCode.fallback`.
struct LanguageDetector: Sendable {
    /// Letters only Kazakh uses among Cyrillic languages we meet (і is shared with
    /// Ukrainian, which is not a language of this desk).
    private static let kazakhLetters: Set<Character> = ["ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"]
    /// Everyday Kazakh words spelled without Kazakh-only letters.
    private static let kazakhWords: Set<Substring> = [
        "рахмет", "керек", "жоқ", "жок", "бар", "бойынша", "жаксы", "кайда", "калай", "мен", "сиз", "жане", "ушин",
        "туралы", "болады", "кандай", "канша", "кашан", "неге", "жумыс", "истемейди", "алмаймын", "бермейди",
    ]
    /// Vietnamese syllables as typed without marks that are not English words (not "the",
    /// "can", "do", "to", "in", "an", "on", "may", "long", "mat", "hay"…).
    private static let unmarkedVietnameseWords: Set<Substring> = [
        "khong", "duoc", "toi", "cua", "lam", "nao", "cach", "nhu", "voi", "minh", "giup", "xin", "chao", "vui",
        "khau", "ket", "noi", "mang", "tinh", "dang", "nhap", "quen", "bi", "gi", "sao", "phai", "dien",
        "thoai", "cai", "phan", "mem", "hong", "loi", "khoan", "nhan", "vien", "tro", "roi", "nhe", "oi", "vay",
        "dau", "nay", "muon", "chua", "gio", "truy", "thuc", "giay", "chuot", "phim", "tren", "duoi", "nguoi",
        "dung", "viec", "cong", "ty", "thi", "nhieu", "cham", "treo", "ung", "goi", "hoi", "khoa", "mau",
    ]
    /// Vietnamese letters outside the Latin Extended Additional block.
    private static let vietnameseLetters: Set<Character> = ["đ", "ơ", "ư", "ă"]

    /// The language code of `text`.
    func detect(_ text: String) -> String {
        // Plain ASCII (most English questions) can only be Latin letters or none: the
        // answer needs no Unicode normalization, which costs more than the rest of it.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            let hasLetter = text.utf8.contains { (0x61...0x7A).contains($0 | 0x20) }
            guard hasLetter else { return LanguageCode.fallback }
            return isUnmarkedVietnamese(text) ? "vi" : "en"
        }
        // Composed form: "ạ" typed as "a" + a combining dot must count as Vietnamese too.
        let text = text.precomposedStringWithCanonicalMapping.lowercased()
        var counts = ScriptCounts()
        for character in text {
            counts.add(character)
        }
        // A Han character is a syllable, often a word: "VPN断了" is Chinese.
        if counts.han > 0 && counts.han * 3 >= max(counts.cyrillic, counts.latin) {
            return counts.kana > 0 ? "ja" : "zh"
        }
        if counts.cyrillic > 0 && counts.cyrillic >= counts.latin {
            return counts.kazakh > 0 || hasKazakhWord(text) ? "kk" : "ru"
        }
        if counts.latin > 0 {
            return counts.vietnamese > 0 ? "vi" : "en"
        }
        return LanguageCode.fallback
    }

    /// Whether an ASCII `text` is Vietnamese typed without marks: two or more of its words,
    /// and at least a third, are Vietnamese syllables English does not have.
    private func isUnmarkedVietnamese(_ text: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter })
        let vietnamese = words.count { Self.unmarkedVietnameseWords.contains($0) }
        return vietnamese >= 2 && vietnamese * 3 >= words.count
    }

    /// Whether `text` has an everyday Kazakh word spelled without Kazakh-only letters.
    private func hasKazakhWord(_ text: String) -> Bool {
        text.split(whereSeparator: { !$0.isLetter }).contains { Self.kazakhWords.contains($0) }
    }

    /// Letters per script, and the telltale letters.
    private struct ScriptCounts {
        var han = 0
        var kana = 0
        var cyrillic = 0
        var latin = 0
        var kazakh = 0
        var vietnamese = 0

        /// Counts one character.
        mutating func add(_ character: Character) {
            guard character.isLetter, let scalar = character.unicodeScalars.first else { return }
            switch scalar.value {
            case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: han += 1
            case 0x3040...0x30FF: kana += 1
            case 0x0400...0x04FF, 0x0500...0x052F:
                cyrillic += 1
                if LanguageDetector.kazakhLetters.contains(character) { kazakh += 1 }
            case 0x0041...0x024F, 0x1E00...0x1EFF:
                latin += 1
                if (0x1EA0...0x1EF9).contains(scalar.value) || LanguageDetector.vietnameseLetters.contains(character) {
                    vietnamese += 1
                }
            default: break
            }
        }
    }
}
