import Foundation
import Testing

@testable import Postgres

/// The text forms exchanged with the server: timestamps, bytea, parameter values.
@Suite struct TextFormTests {
    @Test func formatsTimestampsInUTCWithMicroseconds() {
        #expect(PostgresTimestamp.text(for: Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00.000000+00")
        #expect(
            PostgresTimestamp.text(for: Date(timeIntervalSince1970: 1_700_000_000.123456))
                == "2023-11-14 22:13:20.123456+00")
        #expect(PostgresTimestamp.text(for: Date(timeIntervalSince1970: -0.5)) == "1969-12-31 23:59:59.500000+00")
        #expect(
            PostgresTimestamp.text(for: Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29 00:00:00.000000+00")
    }

    @Test func formatsDatesBeforeTheCommonEraWithBC() {
        // 1 BC is astronomical year 0: day -719_528 from 1970 is 0000-01-01.
        let date = Date(timeIntervalSince1970: -719_528 * 86_400)
        #expect(PostgresTimestamp.text(for: date) == "0001-01-01 00:00:00.000000+00 BC")
    }

    @Test(arguments: [
        ("2023-11-14 22:13:20.123456+00", 1_700_000_000.123456),
        ("2023-11-14 22:13:20+00", 1_700_000_000.0),
        ("2023-11-14 22:13:20.5+00", 1_700_000_000.5),
        ("2023-11-15 04:13:20+06", 1_700_000_000.0),
        ("2023-11-15 03:43:20+05:30", 1_700_000_000.0),
        ("2023-11-14 18:13:20-04:00:00", 1_700_000_000.0),
        ("2023-11-14 22:13:20", 1_700_000_000.0),
        ("2023-11-14T22:13:20Z", .nan),
        ("1970-01-01", 0.0),
        ("2024-02-29", 1_709_164_800.0),
        ("1969-07-20 20:17:40+00", -14_182_940.0),
        ("2023-11-14 22:13:20.1234567+00", 1_700_000_000.123456),
    ])
    func parsesTheServersTimestampForms(text: String, seconds: Double) {
        let date = PostgresTimestamp.date(from: text)
        if seconds.isNaN {
            #expect(date == nil)
        } else {
            #expect(date.map { abs($0.timeIntervalSince1970 - seconds) < 1e-6 } == true, "\(text)")
        }
    }

    @Test func parsesInfinitiesAndBC() throws {
        #expect(PostgresTimestamp.date(from: "infinity") == .distantFuture)
        #expect(PostgresTimestamp.date(from: "-infinity") == .distantPast)
        let bc = try #require(PostgresTimestamp.date(from: "0001-01-01 00:00:00+00 BC"))
        #expect(bc.timeIntervalSince1970 == -719_528 * 86_400)
    }

    @Test(arguments: [
        "", "yesterday", "2023-13-01", "2023-11-14 25:00:00", "2023-11-14 22:13:20+0", "2023-11-14 22:13:20 junk",
    ])
    func rejectsMalformedTimestamps(text: String) {
        #expect(PostgresTimestamp.date(from: text) == nil)
    }

    @Test func civilDateConversionRoundTripsOverMillennia() {
        for days in stride(from: Int64(-1_000_000), through: 1_000_000, by: 997) {
            let (year, month, day) = PostgresTimestamp.civilDate(daysSinceEpoch: days)
            #expect(PostgresTimestamp.daysSinceEpoch(year: year, month: month, day: day) == days)
        }
        #expect(PostgresTimestamp.civilDate(daysSinceEpoch: 0) == (1970, 1, 1))
        #expect(PostgresTimestamp.civilDate(daysSinceEpoch: 11_016) == (2000, 2, 29))
    }

    @Test func readsHexBytea() {
        #expect(ByteaText.bytes(from: "\\x") == Data())
        #expect(ByteaText.bytes(from: "\\x00ff7F0a") == Data([0x00, 0xff, 0x7f, 0x0a]))
        #expect(ByteaText.bytes(from: "\\x0") == nil)
        #expect(ByteaText.bytes(from: "\\xzz") == nil)
        #expect(ByteaText.bytes(from: "abc") == nil)
    }

    @Test func writesParameterValuesInTheFormsPostgreSQLReads() {
        #expect(PostgresValue.double(.infinity).textForm == "Infinity")
        #expect(PostgresValue.double(-.infinity).textForm == "-Infinity")
        #expect(PostgresValue.double(.nan).textForm == "NaN")
        #expect(PostgresValue.double(0.1).textForm == "0.1")
        #expect(PostgresValue.bool(true).textForm == "t")
        #expect(PostgresValue.null.textForm == nil)
        #expect(PostgresValue.bytes(Data([1])).textForm == nil)
        let literals: [PostgresValue] = ["a", 1, 1.5, true, nil]
        #expect(literals == [.text("a"), .int(1), .double(1.5), .bool(true), .null])
        #expect(PostgresValue(Optional<Int>.none) == .null)
        #expect(PostgresValue(Optional(7)) == .int(7))
    }

    @Test func parameterBufferRefusesTextWithNUL() {
        #expect(throws: PostgresError.self) { _ = try ParameterBuffer([.text("a\u{0}b")]) }
        #expect((try? ParameterBuffer([.bytes(Data([0, 0]))])) != nil)
    }

    @Test func decodersRejectColumnTypesTheyDoNotRead() {
        #expect(Int.decode(postgresText: "1", type: .text) == nil)
        #expect(String.decode(postgresText: "1", type: .int4) == nil)
        #expect(Int32.decode(postgresText: "1", type: .int8) == nil)
        #expect(Int16.decode(postgresText: "70000", type: .int2) == nil)
        #expect(Bool.decode(postgresText: "true", type: .bool) == nil)
        #expect(String.decode(postgresText: "happy", type: PostgresDataType(oid: 16_500)) == "happy")
        #expect(Double.decode(postgresText: "-Infinity", type: .float8) == -.infinity)
    }
}
