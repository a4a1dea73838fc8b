/// A message prepared for keyword matching: lower-cased, "ё" read as "е", Latin letters
/// without their marks (Vietnamese is often typed without tone marks: "mật khẩu" and
/// "mat khau" must be the same words), punctuation turned into spaces, and split into
/// words (hyphens split words too, so "VPN-ге" has the word "vpn"). Chinese has no spaces:
/// its keywords match anywhere (`Keyword.Kind.characters`).
///
/// Matching works on UTF-8 bytes: every request is classified, against a couple of hundred
/// keywords, and comparing Characters (grapheme clusters) or searching with Foundation cost
/// more than the database work of a FAQ answer. Texts and keywords are folded alike
/// (`fold`), so comparing their bytes is comparing their letters.
struct KeywordText: Sendable {
    /// " word word … " with single spaces, for phrase matching.
    let padded: [UInt8]
    /// The words (byte ranges of `padded`).
    let words: [ArraySlice<UInt8>]

    /// Prepares `text`.
    init(_ text: String) {
        var padded: [UInt8] = [0x20]
        var wasHan = false
        for character in Self.fold(text) {
            let kept = character.isLetter || character.isNumber || character == "-"
            if kept {
                // Chinese writes "连VPN" without a space: the Latin word is a word of its own.
                let isHan = character.unicodeScalars.first.map(Keyword.isHan) ?? false
                if isHan != wasHan && padded.last != 0x20 { padded.append(0x20) }
                wasHan = isHan
                padded.append(contentsOf: character.utf8)
            } else if padded.last != 0x20 {
                padded.append(0x20)
            }
        }
        if padded.last != 0x20 { padded.append(0x20) }
        self.padded = padded
        words = padded.split(whereSeparator: { $0 == 0x20 || $0 == UInt8(ascii: "-") })
    }

    /// Lower-case with "ё" as "е" (also a decomposed "ё": Characters compare canonically)
    /// and Latin letters unmarked ("ộ" → "o", "đ" → "d"); Cyrillic letters keep their
    /// marks ("й", and Kazakh's own letters). The keywords of the rules file are folded the
    /// same way.
    static func fold(_ text: String) -> String {
        let lower = text.lowercased()
        // ASCII (most English text) has nothing more to fold.
        guard !lower.utf8.allSatisfy({ $0 < 0x80 }) else { return lower }
        var scalars = String.UnicodeScalarView()
        var afterLatin = false
        for scalar in lower.replacing("ё", with: "е").decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x300...0x36F).contains(scalar.value) && afterLatin { continue }
            afterLatin = scalar.isASCII && scalar.properties.isAlphabetic
            scalars.append(scalar == "đ" ? "d" : scalar)
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    /// Whether `keyword` occurs (see `Keyword` for how each kind matches).
    func contains(_ keyword: Keyword) -> Bool {
        switch keyword.kind {
        case .characters: Self.firstIndex(of: keyword.bytes, in: padded) != nil
        case .phrase: Self.firstIndex(of: keyword.spacedBytes, in: padded) != nil
        case .word: words.contains { $0.elementsEqual(keyword.bytes) }
        case .stem: words.contains { $0.starts(with: keyword.bytes) }
        }
    }

    /// The text with every occurrence of `phrase` taken out (replaced by a space).
    func removing(_ phrase: Keyword) -> KeywordText {
        var remaining = padded
        let needle = phrase.kind == .characters ? phrase.bytes : phrase.spacedBytes
        while let start = Self.firstIndex(of: needle, in: remaining) {
            remaining.replaceSubrange(start..<start + needle.count, with: [0x20])
        }
        return KeywordText(bytes: remaining)
    }

    /// Where `needle` first occurs in `haystack`. A plain scan: texts and phrases are short,
    /// and Foundation's generic `firstRange(of:)` cost more than the rest of matching.
    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var start = 0
        while start <= haystack.count - needle.count {
            if haystack[start] == first && haystack[start..<start + needle.count].elementsEqual(needle) {
                return start
            }
            start += 1
        }
        return nil
    }

    /// A text from bytes already folded and spaced.
    private init(bytes: [UInt8]) {
        padded = bytes
        words = bytes.split(whereSeparator: { $0 == 0x20 || $0 == UInt8(ascii: "-") })
    }
}

/// A keyword or phrase of the rules file, folded like `KeywordText` and analysed once.
struct Keyword: Sendable, Hashable, Comparable {
    /// How a keyword matches a text.
    enum Kind: Sendable, Hashable {
        /// Chinese (Han characters): anywhere in the text, which has no spaces between words.
        case characters
        /// Space or hyphen inside: the phrase anywhere, starting at a word boundary.
        case phrase
        /// Three letters or fewer: a whole word ("vpn" but not "vpnkit").
        case word
        /// Longer: the start of a word, a stem ("парол" matches "пароля").
        case stem
    }

    /// The folded text.
    let text: String
    /// Its UTF-8 bytes.
    let bytes: [UInt8]
    /// " " + bytes: a phrase starts at a word boundary.
    let spacedBytes: [UInt8]
    /// How it matches.
    let kind: Kind

    /// Folds and analyses `raw`. `isSyllabic`: a language whose words are syllables with
    /// spaces between (Vietnamese), where a keyword is never a stem: "khoa" (khóa, lock)
    /// must not match "khoan" (khoản, account).
    init(_ raw: String, isSyllabic: Bool = false) {
        text = KeywordText.fold(raw)
        bytes = Array(text.utf8)
        spacedBytes = [0x20] + bytes
        if text.unicodeScalars.contains(where: Self.isHan) {
            kind = .characters
        } else if text.contains(where: { $0 == " " || $0 == "-" }) {
            kind = .phrase
        } else {
            kind = isSyllabic || text.count <= 3 ? .word : .stem
        }
    }

    /// Whether `scalar` is a Han character (CJK unified ideographs, extension A, compatibility).
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: true
        default: false
        }
    }

    static func < (lhs: Keyword, rhs: Keyword) -> Bool { lhs.text < rhs.text }
    static func == (lhs: Keyword, rhs: Keyword) -> Bool { lhs.text == rhs.text }
    func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
