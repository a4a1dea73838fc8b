/// Finds an event's top-level `"id"` without parsing the whole JSON: the hub forwards
/// events as they are and needs only the id to order and de-duplicate them.
enum EventID {
    /// The value of the first `"id"` key at depth 1, as a number ("17" or 17); nil when
    /// absent or not a whole number (such events are delivered live only, CONTRACT §5).
    static func find(in json: [UInt8]) -> Int? {
        var depth = 0
        var index = 0
        var inString = false
        var keyStart = -1
        while index < json.count {
            let byte = json[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 1 && index - keyStart == 3 && json[keyStart + 1] == UInt8(ascii: "i")
                        && json[keyStart + 2] == UInt8(ascii: "d"), let value = valueAfterKey(json, from: index + 1)
                    {
                        return value
                    }
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                    keyStart = index
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
            }
            index += 1
        }
        return nil
    }

    /// Reads `: 17` or `: "17"` after a key; nil when the key is not followed by a colon
    /// (then it was a value, not a key) or the value is not a whole number.
    private static func valueAfterKey(_ json: [UInt8], from start: Int) -> Int? {
        var index = start
        func skipSpaces() { while index < json.count && (json[index] == 0x20 || json[index] == 0x09 || json[index] == 0x0A || json[index] == 0x0D) { index += 1 } }
        skipSpaces()
        guard index < json.count, json[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        skipSpaces()
        let quoted = index < json.count && json[index] == UInt8(ascii: "\"")
        if quoted { index += 1 }
        var value = 0
        var digits = 0
        while index < json.count, json[index] >= 0x30, json[index] <= 0x39, digits < 18 {
            value = value * 10 + Int(json[index] - 0x30)
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        if quoted && (index >= json.count || json[index] != UInt8(ascii: "\"")) { return nil }
        return value
    }
}
