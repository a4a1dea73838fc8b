import Foundation

/// Converts between `Date` and PostgreSQL's ISO text form of `timestamptz`, `timestamp`
/// and `date` (`2024-05-01 12:34:56.123456+00`), at microsecond precision.
///
/// Hand-written instead of `DateFormatter`/`ISO8601DateFormatter`: those are slow to make,
/// not `Sendable`, and do not cover PostgreSQL's `BC`, `infinity` and fractional-second
/// variants. Connections set `TimeZone=UTC` and `DateStyle=ISO,YMD`, so the server writes
/// this one form; an offset is honoured anyway.
enum PostgresTimestamp {
    /// Microseconds in a second.
    private static let microsecondsPerSecond: Int64 = 1_000_000
    /// Seconds in a day.
    private static let secondsPerDay: Int64 = 86_400

    /// The UTC text form of `date`, rounded to the microsecond. Dates beyond PostgreSQL's
    /// range come out as `infinity` / `-infinity`.
    static func text(for date: Date) -> String {
        let scaled = (date.timeIntervalSince1970 * 1_000_000).rounded()
        // 2^62 µs is about 146,000 years: well past PostgreSQL's own limit (294,276 AD).
        guard scaled.isFinite, abs(scaled) < 4.6e18 else { return scaled < 0 ? "-infinity" : "infinity" }
        let micros = Int64(scaled)
        let seconds = floorDivide(micros, microsecondsPerSecond)
        let fraction = micros - seconds * microsecondsPerSecond
        let days = floorDivide(seconds, secondsPerDay)
        let secondOfDay = seconds - days * secondsPerDay
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        var text = pad(year > 0 ? year : 1 - year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        text += " " + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        text += "." + pad(fraction, 6) + "+00"
        return year > 0 ? text : text + " BC"
    }

    /// Parses `YYYY-MM-DD[ HH:MM:SS[.ffffff]][±HH[:MM[:SS]]][ BC]`, `infinity` or `-infinity`;
    /// nil for anything else. No offset means UTC.
    static func date(from text: String) -> Date? {
        if text == "infinity" { return .distantFuture }
        if text == "-infinity" { return .distantPast }
        var scanner = Scanner(Array(text.utf8))
        guard var year = scanner.number(minDigits: 4, maxDigits: 9), scanner.skip("-"),
            let month = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip("-"),
            let day = scanner.number(minDigits: 2, maxDigits: 2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var secondOfDay: Int64 = 0
        var fraction: Int64 = 0
        var offsetSeconds: Int64 = 0
        if scanner.skip(" ") || scanner.skip("T") {
            guard let hour = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(":"),
                let minute = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(":"),
                let second = scanner.number(minDigits: 2, maxDigits: 2),
                hour <= 24, minute < 60, second < 61
            else { return nil }
            secondOfDay = hour * 3600 + minute * 60 + second
            if scanner.skip(".") {
                guard let (digits, count) = scanner.digits(maxCount: 6) else { return nil }
                fraction = digits
                for _ in count..<6 { fraction *= 10 }
                _ = scanner.digits(maxCount: .max)  // precision beyond microseconds: ignored
            }
            if let sign = scanner.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                scanner.advance()
                guard let hours = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                var offset = hours * 3600
                if scanner.skip(":") {
                    guard let minutes = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                    offset += minutes * 60
                    if scanner.skip(":") {
                        guard let seconds = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                        offset += seconds
                    }
                }
                offsetSeconds = sign == UInt8(ascii: "+") ? offset : -offset
            }
        }
        if scanner.skip(" BC") {
            guard year > 0 else { return nil }
            year = 1 - year
        }
        guard scanner.isAtEnd else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * secondsPerDay + secondOfDay - offsetSeconds
        let (micros, overflow) = seconds.multipliedReportingOverflow(by: microsecondsPerSecond)
        guard !overflow else { return nil }
        // One rounding step from exact microseconds to the Double Date keeps round trips exact
        // for microsecond-aligned dates of our era.
        return Date(timeIntervalSince1970: Double(micros + fraction) / 1_000_000)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (year 0 is 1 BC).
    ///
    /// Counts in 400-year eras (146,097 days each), with the year starting on 1 March so that
    /// the leap day comes last.
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let marchYear = month <= 2 ? year - 1 : year
        let era = floorDivide(marchYear, 400)
        let yearOfEra = marchYear - era * 400
        let marchMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * marchMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01: the inverse of
    /// `daysSinceEpoch`.
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Division rounding toward minus infinity (Swift's `/` rounds toward zero).
    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// A cursor over ASCII bytes.
    private struct Scanner {
        /// The text being read.
        let bytes: [UInt8]
        /// The next byte to read.
        var position = 0

        /// Starts at the first byte.
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        /// True when every byte was consumed.
        var isAtEnd: Bool { position == bytes.count }

        /// The next byte without consuming it.
        func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        /// Consumes one byte.
        mutating func advance() { position += 1 }

        /// Consumes `literal` if the text continues with it.
        mutating func skip(_ literal: String) -> Bool {
            let expected = Array(literal.utf8)
            guard bytes.count - position >= expected.count,
                Array(bytes[position..<position + expected.count]) == expected
            else { return false }
            position += expected.count
            return true
        }

        /// Consumes up to `maxCount` digits: their value and how many there were; nil if none.
        mutating func digits(maxCount: Int) -> (value: Int64, count: Int)? {
            var value: Int64 = 0
            var count = 0
            while count < maxCount, let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                // Past 18 digits the value is not used (only surplus fraction digits get here).
                if count < 18 { value = value * 10 + Int64(byte - UInt8(ascii: "0")) }
                count += 1
                position += 1
            }
            return count == 0 ? nil : (value, count)
        }

        /// Consumes a decimal number of `minDigits` to `maxDigits` digits.
        mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
            guard let (value, count) = digits(maxCount: maxDigits), count >= minDigits else { return nil }
            return value
        }
    }
}
