import Testing
import WebSocket

/// UTF-8 validation vectors, split inputs, and agreement with the standard library.
@Suite struct UTF8ValidatorTests {
    static let valid: [[UInt8]] = [
        [],
        Array("hello, world — long enough to take the eight-byte ASCII path".utf8),
        [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5],  // κόσμε
        [0x00], [0x7F], [0xC2, 0x80], [0xDF, 0xBF],  // 1- and 2-byte bounds
        [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF],  // 3-byte bounds
        [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],  // U+10000, U+10FFFF
        Array("Как подключиться к VPN? Làm thế nào 🙂 中文".utf8),
    ]

    static let invalid: [[UInt8]] = [
        [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0xBF],  // stray continuation, overlong 2-byte
        [0xE0, 0x80, 0xAF], [0xE0, 0x9F, 0xBF],  // overlong 3-byte
        [0xF0, 0x80, 0x80, 0xAF], [0xF0, 0x8F, 0xBF, 0xBF],  // overlong 4-byte
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80],  // surrogates
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFE], [0xFF],  // over U+10FFFF, never valid
        [0xC2, 0x41], [0xE1, 0x80, 0x41], Array("abcdefgh".utf8) + [0xC0, 0x80],
    ]

    @Test(arguments: valid)
    func validatorAcceptsValidText(bytes: [UInt8]) {
        #expect(UTF8Validator.isValid(bytes))
    }

    @Test(arguments: invalid)
    func validatorRejectsOverlongsSurrogatesAndOutOfRangeCodePoints(bytes: [UInt8]) {
        #expect(!UTF8Validator.isValid(bytes))
    }

    @Test(arguments: [[0xCE], [0xE1, 0xBD], [0xF0, 0x90, 0x80], Array("ok".utf8) + [0xF4]] as [[UInt8]])
    func validatorReportsTextTruncatedInsideACharacter(bytes: [UInt8]) {
        var validator = UTF8Validator()
        let isValidSoFar = validator.validate(bytes)
        #expect(isValidSoFar)
        #expect(!validator.isAtCharacterBoundary)
        #expect(!UTF8Validator.isValid(bytes))
    }

    @Test func validatorAcceptsCharactersSplitAtEveryByteBoundary() {
        for text in Self.valid {
            for split in splits(of: text) {
                var validator = UTF8Validator()
                let verdicts = split.map { validator.validate($0) }
                #expect(!verdicts.contains(false))
                #expect(validator.isAtCharacterBoundary)
            }
        }
    }

    @Test func validatorFailsAsSoonAsTheBadByteArrives() {
        var validator = UTF8Validator()
        let verdicts = [
            validator.validate([0xCE, 0xBA, 0xE1, 0xBD, 0xB9]),
            validator.validate([0xED]),  // could still start U+D000…U+D7FF
            validator.validate([0xA0]),  // now a surrogate
            validator.validate(Array("fine".utf8)),  // stays failed
        ]
        #expect(verdicts == [true, true, false, false])
        validator.reset()
        let isValidAfterReset = validator.validate(Array("fine".utf8))
        #expect(isValidAfterReset)
    }

    @Test func validatorAgreesWithTheStandardLibraryOnRandomInput() {
        var generator = SeededGenerator(seed: 42)
        for round in 0..<20_000 {
            let length = Int.random(in: 0...12, using: &generator)
            // Bias towards interesting lead bytes so multi-byte paths get exercised.
            let bytes = (0..<length).map { _ in
                round % 2 == 0
                    ? UInt8.random(in: 0...255, using: &generator)
                    : [0x41, 0x80, 0xBF, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xA0, 0x90, 0x8F][
                        Int.random(in: 0..<12, using: &generator)]
            }
            #expect(UTF8Validator.isValid(bytes) == Self.standardLibraryAccepts(bytes), "\(bytes)")
        }
    }

    /// The standard library's own verdict, by decoding scalar by scalar.
    private static func standardLibraryAccepts(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
