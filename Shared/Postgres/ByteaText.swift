import Foundation

/// Reads `bytea` in PostgreSQL's hex text form (`\x48690a`), the form our connections ask
/// for (`bytea_output=hex`).
enum ByteaText {
    /// The bytes `text` denotes, or nil if it is not `\x` followed by pairs of hex digits.
    static func bytes(from text: String) -> Data? {
        let utf8 = text.utf8
        guard utf8.count % 2 == 0, utf8.starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "x")]) else { return nil }
        var bytes = Data(capacity: utf8.count / 2 - 1)
        var high: UInt8?
        for character in utf8.dropFirst(2) {
            guard let nibble = value(ofHexDigit: character) else { return nil }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }

    /// The value of one hex digit, either case.
    private static func value(ofHexDigit character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
