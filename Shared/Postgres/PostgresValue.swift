import Foundation

/// A statement parameter (`$1`, `$2`, …), sent apart from the SQL text so that no value is
/// ever parsed as SQL.
///
/// Each case is sent with an explicit type except `.text`, which is left for the server to
/// type from context exactly as a quoted SQL literal would be (so `.text` works for a
/// `text`, `uuid` or `jsonb` column alike). `.int` is a `bigint`; where a function insists
/// on `integer`, write `$1::int`. Literals work too: `["ivan", 42, true, nil]`.
public enum PostgresValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// Text, typed by context.
    case text(String)
    /// A 64-bit integer (`bigint`).
    case int(Int)
    /// A 32-bit integer (`integer`).
    case int32(Int32)
    /// A 16-bit integer (`smallint`).
    case int16(Int16)
    /// A `double precision`; infinities and NaN included.
    case double(Double)
    /// A `boolean`.
    case bool(Bool)
    /// A `timestamptz`, sent with microsecond precision (PostgreSQL's own).
    case timestamp(Date)
    /// A `uuid`.
    case uuid(UUID)
    /// A `bytea`, sent in binary so any byte, NUL included, arrives as it is.
    case bytes(Data)
    /// A `json` document, given as its text.
    case json(String)
    /// A `jsonb` document, given as its text.
    case jsonb(String)

    /// The value of an optional: NULL for nil.
    public init(_ value: (some PostgresEncodable)?) {
        self = value?.postgresValue ?? .null
    }

    /// The type sent along with the value.
    var dataType: PostgresDataType {
        switch self {
        case .null, .text: .unspecified
        case .int: .int8
        case .int32: .int4
        case .int16: .int2
        case .double: .float8
        case .bool: .bool
        case .timestamp: .timestamptz
        case .uuid: .uuid
        case .bytes: .bytea
        case .json: .json
        case .jsonb: .jsonb
        }
    }

    /// The text form PostgreSQL's input functions accept; nil for NULL and for `.bytes`,
    /// which is sent in binary.
    var textForm: String? {
        switch self {
        case .null, .bytes: nil
        case .text(let text), .json(let text), .jsonb(let text): text
        case .int(let number): String(number)
        case .int32(let number): String(number)
        case .int16(let number): String(number)
        case .double(let number): Self.text(for: number)
        case .bool(let flag): flag ? "t" : "f"
        case .timestamp(let date): PostgresTimestamp.text(for: date)
        case .uuid(let uuid): uuid.uuidString
        }
    }

    /// `float8in` spells the special values its own way; finite values use Swift's
    /// shortest representation that reads back exactly.
    private static func text(for number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return String(number)
    }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    /// A string literal is `.text`.
    public init(stringLiteral value: String) { self = .text(value) }
    /// An integer literal is `.int`.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A floating-point literal is `.double`.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// `true` / `false` is `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// `nil` is `.null`.
    public init(nilLiteral: ()) { self = .null }
}
