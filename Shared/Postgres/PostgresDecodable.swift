import Foundation

/// A Swift type a result column can be decoded into (see `PostgresRow.decode(_:_:)`).
///
/// Results come in text format; each conformance says which column types it reads and
/// parses their text. It answers nil for any other column type, so reading an `int4`
/// column as `String` or a `text` column as `Int` is an error rather than a guess.
public protocol PostgresDecodable: Sendable {
    /// The value `text` denotes in a column of `type`, or nil when this Swift type does not
    /// read that column type or the text does not parse.
    static func decode(postgresText text: String, type: PostgresDataType) -> Self?
}

extension String: PostgresDecodable {
    /// Reads character types, enums and other user-defined types, `json`/`jsonb` (the
    /// document's text), `uuid` (lower-case text) and `numeric` (exact decimal text).
    public static func decode(postgresText text: String, type: PostgresDataType) -> String? {
        type.isTextual || type.isJSON || type == .uuid || type == .numeric ? text : nil
    }
}

extension Int: PostgresDecodable {
    /// Reads `int2`, `int4` and `int8`.
    public static func decode(postgresText text: String, type: PostgresDataType) -> Int? {
        type == .int2 || type == .int4 || type == .int8 ? Int(text) : nil
    }
}

extension Int64: PostgresDecodable {
    /// Reads `int2`, `int4` and `int8`.
    public static func decode(postgresText text: String, type: PostgresDataType) -> Int64? {
        type == .int2 || type == .int4 || type == .int8 ? Int64(text) : nil
    }
}

extension Int32: PostgresDecodable {
    /// Reads `int2` and `int4` (an `int8` column would not always fit).
    public static func decode(postgresText text: String, type: PostgresDataType) -> Int32? {
        type == .int2 || type == .int4 ? Int32(text) : nil
    }
}

extension Int16: PostgresDecodable {
    /// Reads `int2`.
    public static func decode(postgresText text: String, type: PostgresDataType) -> Int16? {
        type == .int2 ? Int16(text) : nil
    }
}

extension Double: PostgresDecodable {
    /// Reads `float8`, `float4` and `numeric` (rounded to the nearest `Double`), special
    /// values included.
    public static func decode(postgresText text: String, type: PostgresDataType) -> Double? {
        guard type == .float8 || type == .float4 || type == .numeric else { return nil }
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }
}

extension Bool: PostgresDecodable {
    /// Reads `bool` (`t` / `f`).
    public static func decode(postgresText text: String, type: PostgresDataType) -> Bool? {
        guard type == .bool else { return nil }
        switch text {
        case "t": return true
        case "f": return false
        default: return nil
        }
    }
}

extension Date: PostgresDecodable {
    /// Reads `timestamptz`, `timestamp` (taken as UTC) and `date` (midnight UTC);
    /// `infinity` is `.distantFuture`, `-infinity` `.distantPast`.
    public static func decode(postgresText text: String, type: PostgresDataType) -> Date? {
        type == .timestamptz || type == .timestamp || type == .date ? PostgresTimestamp.date(from: text) : nil
    }
}

extension UUID: PostgresDecodable {
    /// Reads `uuid`.
    public static func decode(postgresText text: String, type: PostgresDataType) -> UUID? {
        type == .uuid ? UUID(uuidString: text) : nil
    }
}

extension Data: PostgresDecodable {
    /// Reads `bytea` (the bytes) and `json`/`jsonb` (the document's UTF-8 text, ready for
    /// `JSONDecoder`).
    public static func decode(postgresText text: String, type: PostgresDataType) -> Data? {
        if type == .bytea { return ByteaText.bytes(from: text) }
        if type.isJSON { return Data(text.utf8) }
        return nil
    }
}
