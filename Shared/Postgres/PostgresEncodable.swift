import Foundation

/// A Swift value that can be a statement parameter.
public protocol PostgresEncodable: Sendable {
    /// This value as a parameter.
    var postgresValue: PostgresValue { get }
}

extension String: PostgresEncodable {
    /// `.text`.
    public var postgresValue: PostgresValue { .text(self) }
}

extension Int: PostgresEncodable {
    /// `.int` (bigint).
    public var postgresValue: PostgresValue { .int(self) }
}

extension Int64: PostgresEncodable {
    /// `.int` (bigint).
    public var postgresValue: PostgresValue { .int(Int(self)) }
}

extension Int32: PostgresEncodable {
    /// `.int32` (integer).
    public var postgresValue: PostgresValue { .int32(self) }
}

extension Int16: PostgresEncodable {
    /// `.int16` (smallint).
    public var postgresValue: PostgresValue { .int16(self) }
}

extension Double: PostgresEncodable {
    /// `.double` (double precision).
    public var postgresValue: PostgresValue { .double(self) }
}

extension Bool: PostgresEncodable {
    /// `.bool`.
    public var postgresValue: PostgresValue { .bool(self) }
}

extension Date: PostgresEncodable {
    /// `.timestamp` (timestamptz).
    public var postgresValue: PostgresValue { .timestamp(self) }
}

extension UUID: PostgresEncodable {
    /// `.uuid`.
    public var postgresValue: PostgresValue { .uuid(self) }
}

extension Data: PostgresEncodable {
    /// `.bytes` (bytea).
    public var postgresValue: PostgresValue { .bytes(self) }
}
