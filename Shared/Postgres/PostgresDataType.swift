/// A PostgreSQL type, identified by its OID as libpq reports it (`PQftype`).
///
/// Only the built-in types this module sends or decodes have names here; user-defined
/// types (enums, extensions' types) get OIDs at or above `firstUserOID`.
public struct PostgresDataType: Sendable, Hashable, CustomStringConvertible {
    /// The type's OID.
    public var oid: UInt32

    /// Wraps an OID.
    public init(oid: UInt32) { self.oid = oid }

    /// "Let the server infer the type from context", as an untyped SQL literal would.
    public static let unspecified = PostgresDataType(oid: 0)
    /// `bool`.
    public static let bool = PostgresDataType(oid: 16)
    /// `bytea`.
    public static let bytea = PostgresDataType(oid: 17)
    /// `"char"` (the one-byte internal type).
    public static let char = PostgresDataType(oid: 18)
    /// `name` (catalog identifiers).
    public static let name = PostgresDataType(oid: 19)
    /// `bigint` / `int8`.
    public static let int8 = PostgresDataType(oid: 20)
    /// `smallint` / `int2`.
    public static let int2 = PostgresDataType(oid: 21)
    /// `integer` / `int4`.
    public static let int4 = PostgresDataType(oid: 23)
    /// `text`.
    public static let text = PostgresDataType(oid: 25)
    /// `oid`.
    public static let oidType = PostgresDataType(oid: 26)
    /// `json`.
    public static let json = PostgresDataType(oid: 114)
    /// `xml`.
    public static let xml = PostgresDataType(oid: 142)
    /// `real` / `float4`.
    public static let float4 = PostgresDataType(oid: 700)
    /// `double precision` / `float8`.
    public static let float8 = PostgresDataType(oid: 701)
    /// `unknown` (an untyped literal in a select list, e.g. `SELECT 'a'`).
    public static let unknown = PostgresDataType(oid: 705)
    /// `character(n)` / `bpchar`.
    public static let bpchar = PostgresDataType(oid: 1042)
    /// `character varying(n)` / `varchar`.
    public static let varchar = PostgresDataType(oid: 1043)
    /// `date`.
    public static let date = PostgresDataType(oid: 1082)
    /// `timestamp` (without time zone).
    public static let timestamp = PostgresDataType(oid: 1114)
    /// `timestamptz`.
    public static let timestamptz = PostgresDataType(oid: 1184)
    /// `numeric`.
    public static let numeric = PostgresDataType(oid: 1700)
    /// `uuid`.
    public static let uuid = PostgresDataType(oid: 2950)
    /// `jsonb`.
    public static let jsonb = PostgresDataType(oid: 3802)

    /// OIDs from here on belong to objects created after `initdb` (`FirstNormalObjectId`).
    public static let firstUserOID: UInt32 = 16384

    /// True for types whose text form is simply text (character types, enums and other
    /// user-defined types such as `citext`).
    var isTextual: Bool {
        switch self {
        case .text, .varchar, .bpchar, .name, .char, .unknown, .xml: true
        default: oid >= Self.firstUserOID
        }
    }

    /// True for `json` and `jsonb`.
    var isJSON: Bool { self == .json || self == .jsonb }

    /// The SQL name for the types above, `oid NNN` for others.
    public var description: String {
        switch self {
        case .unspecified: "unspecified"
        case .bool: "bool"
        case .bytea: "bytea"
        case .char: "char"
        case .name: "name"
        case .int8: "int8"
        case .int2: "int2"
        case .int4: "int4"
        case .text: "text"
        case .oidType: "oid"
        case .json: "json"
        case .xml: "xml"
        case .float4: "float4"
        case .float8: "float8"
        case .unknown: "unknown"
        case .bpchar: "bpchar"
        case .varchar: "varchar"
        case .date: "date"
        case .timestamp: "timestamp"
        case .timestamptz: "timestamptz"
        case .numeric: "numeric"
        case .uuid: "uuid"
        case .jsonb: "jsonb"
        default: "oid \(oid)"
        }
    }
}
