/// Incremental UTF-8 validation (RFC 3629) for text arriving in pieces.
///
/// The state (how many continuation bytes are still due and which range the next one
/// must fall in) survives between calls, so a character may be split across reads and
/// across fragments. Overlong forms, surrogates (U+D800–U+DFFF) and code points over
/// U+10FFFF are refused at the first byte that proves them wrong, which lets the
/// session fail a text message as soon as its bad bytes arrive. Runs of ASCII are
/// checked eight bytes at a time.
public struct UTF8Validator: Sendable, Hashable {
    /// Continuation bytes still expected for the current character.
    private var remaining: UInt8 = 0
    /// The smallest allowed value of the next continuation byte.
    private var lower: UInt8 = 0x80
    /// The largest allowed value of the next continuation byte.
    private var upper: UInt8 = 0xBF
    /// Set once invalid input was seen; every later call fails too.
    private var hasFailed = false

    /// A validator at the start of a text.
    public init() {}

    /// Whether the input so far ends on a character boundary (required at the end of a message).
    public var isAtCharacterBoundary: Bool { remaining == 0 && !hasFailed }

    /// Forgets everything, ready for a new text.
    public mutating func reset() {
        self = UTF8Validator()
    }

    /// Checks the next piece of the text; `false` as soon as the text can no longer be valid UTF-8.
    public mutating func validate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !hasFailed else { return false }
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var remaining = self.remaining
        var lower = self.lower
        var upper = self.upper
        var index = 0
        var isValid = true
        scan: while index < count {
            if remaining == 0 {
                // Between characters: skip whole words of ASCII first.
                while index + 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    guard word & 0x8080_8080_8080_8080 == 0 else { break }
                    index += 8
                }
                guard index < count else { break }
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                index += 1
                switch byte {
                case 0x00...0x7F: continue scan
                case 0xC2...0xDF: (remaining, lower, upper) = (1, 0x80, 0xBF)
                case 0xE0: (remaining, lower, upper) = (2, 0xA0, 0xBF)  // no overlong 3-byte forms
                case 0xE1...0xEC, 0xEE...0xEF: (remaining, lower, upper) = (2, 0x80, 0xBF)
                case 0xED: (remaining, lower, upper) = (2, 0x80, 0x9F)  // no surrogates
                case 0xF0: (remaining, lower, upper) = (3, 0x90, 0xBF)  // no overlong 4-byte forms
                case 0xF1...0xF3: (remaining, lower, upper) = (3, 0x80, 0xBF)
                case 0xF4: (remaining, lower, upper) = (3, 0x80, 0x8F)  // nothing over U+10FFFF
                default:
                    // Stray continuation bytes, C0/C1 (always overlong), F5–FF.
                    isValid = false
                    break scan
                }
            } else {
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                index += 1
                guard byte >= lower && byte <= upper else {
                    isValid = false
                    break scan
                }
                remaining -= 1
                (lower, upper) = (0x80, 0xBF)
            }
        }
        self.remaining = remaining
        self.lower = lower
        self.upper = upper
        hasFailed = !isValid
        return isValid
    }

    /// Checks the next piece of the text, given as a byte array.
    public mutating func validate(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { validate($0) }
    }

    /// Whether `bytes` is, on its own, complete and valid UTF-8.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var validator = UTF8Validator()
        return validator.validate(bytes) && validator.isAtCharacterBoundary
    }

    /// Whether the byte array is, on its own, complete and valid UTF-8.
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { isValid($0) }
    }
}
