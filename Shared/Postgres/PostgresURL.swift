import Foundation

/// A parsed `postgres://user[:password]@host[:port]/database[?sslmode=…]` URL
/// (`postgresql://` too).
///
/// Parsed by hand rather than by `URLComponents` so that every rejection has a precise
/// message and so that nothing is passed to libpq as a connection string: the parts go to
/// `PQconnectdbParams` one keyword at a time, which leaves no quoting to get wrong.
/// The password never appears in `description` or in error messages.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// The role to log in as.
    public var user: String
    /// The password, if the URL has one.
    public var password: String?
    /// A host name, an IP address (IPv6 without brackets), or a Unix socket directory.
    public var host: String
    /// The TCP port (5432 unless the URL says otherwise).
    public var port: Int
    /// The database name.
    public var database: String
    /// The `sslmode` query parameter, if given; libpq's default (`prefer`) otherwise.
    public var sslMode: PostgresSSLMode?
    /// The `connect_timeout` query parameter in seconds, if given.
    public var connectTimeoutSeconds: Int?
    /// The `application_name` query parameter, if given.
    public var applicationName: String?

    /// The query parameters this parser understands; any other is rejected so a typo
    /// (`sslmod=require`) cannot silently weaken a connection.
    static let knownParameters = ["sslmode", "connect_timeout", "application_name"]

    /// Parses `text`, throwing a `.invalidConfiguration` error that says what is wrong.
    public init(_ text: String) throws {
        func invalid(_ reason: String) -> PostgresError {
            PostgresError(.invalidConfiguration, "invalid PostgreSQL URL: " + reason)
        }
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        if rest.hasPrefix("postgres://") {
            rest = rest.dropFirst("postgres://".count)
        } else if rest.hasPrefix("postgresql://") {
            rest = rest.dropFirst("postgresql://".count)
        } else {
            throw invalid("it must start with postgres:// or postgresql://")
        }

        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw invalid("the database name is missing (…@host:port/database)")
        }
        let authority = rest[..<slash]
        let path = rest[rest.index(after: slash)...]

        // The last "@" separates credentials from the host: a password may hold "@" only
        // percent-encoded, but splitting at the last one is the forgiving reading.
        guard let at = authority.lastIndex(of: "@") else {
            if rest.contains("@") {
                throw invalid("a \"/\" before the \"@\": percent-encode it in the user or password (%2F)")
            }
            throw invalid("the user is missing (postgres://user@host/database)")
        }
        let credentials = authority[..<at]
        let hostAndPort = authority[authority.index(after: at)...]

        let userPart: Substring
        if let colon = credentials.firstIndex(of: ":") {
            userPart = credentials[..<colon]
            password = try Self.decode(credentials[credentials.index(after: colon)...], "password")
        } else {
            userPart = credentials
            password = nil
        }
        user = try Self.decode(userPart, "user")
        guard !user.isEmpty else { throw invalid("the user is missing (postgres://user@host/database)") }

        let portText: Substring?
        if hostAndPort.hasPrefix("[") {
            // An IPv6 literal: [::1] or [::1]:5432.
            guard let close = hostAndPort.firstIndex(of: "]") else { throw invalid("unclosed [ in the host") }
            host = String(hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close])
            let after = hostAndPort[hostAndPort.index(after: close)...]
            if after.isEmpty {
                portText = nil
            } else if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else {
                throw invalid("unexpected text after the IPv6 host")
            }
        } else if let colon = hostAndPort.lastIndex(of: ":") {
            host = try Self.decode(hostAndPort[..<colon], "host")
            portText = hostAndPort[hostAndPort.index(after: colon)...]
        } else {
            host = try Self.decode(hostAndPort, "host")
            portText = nil
        }
        guard !host.isEmpty else { throw invalid("the host is missing") }
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw invalid("the port must be a number from 1 to 65535")
            }
            port = number
        } else {
            port = 5432
        }

        database = try Self.decode(path, "database name")
        guard !database.isEmpty else { throw invalid("the database name is missing (…@host:port/database)") }
        guard !database.contains("/") else { throw invalid("the database name must not contain /") }

        sslMode = nil
        connectTimeoutSeconds = nil
        applicationName = nil
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0], "query parameter name")
            let value = parts.count == 2 ? try Self.decode(parts[1], "value of \(name)") : ""
            switch name {
            case "sslmode":
                guard let mode = PostgresSSLMode(rawValue: value) else {
                    let modes = PostgresSSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw invalid("sslmode must be one of \(modes)")
                }
                sslMode = mode
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw invalid("connect_timeout must be a positive number of seconds")
                }
                connectTimeoutSeconds = seconds
            case "application_name":
                applicationName = value
            default:
                let known = Self.knownParameters.joined(separator: ", ")
                throw invalid("unknown query parameter \"\(name)\" (supported: \(known))")
            }
        }
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        var text = "postgres://" + user + (password == nil ? "" : ":***") + "@"
        text += host.contains(":") ? "[" + host + "]" : host
        text += ":" + String(port) + "/" + database
        var query: [String] = []
        if let sslMode { query.append("sslmode=" + sslMode.rawValue) }
        if let connectTimeoutSeconds { query.append("connect_timeout=" + String(connectTimeoutSeconds)) }
        if let applicationName { query.append("application_name=" + applicationName) }
        return query.isEmpty ? text : text + "?" + query.joined(separator: "&")
    }

    /// `host:port` as used in "unreachable at …" messages.
    public var endpoint: String {
        (host.contains(":") ? "[" + host + "]" : host) + ":" + String(port)
    }

    /// Percent-decodes one part, naming it when the encoding is broken.
    private static func decode(_ part: Substring, _ what: String) throws -> String {
        guard let decoded = String(part).removingPercentEncoding else {
            throw PostgresError(.invalidConfiguration, "invalid PostgreSQL URL: bad percent-encoding in the \(what)")
        }
        // libpq takes C strings: a NUL would silently cut the value short.
        guard !decoded.utf8.contains(0) else {
            throw PostgresError(.invalidConfiguration, "invalid PostgreSQL URL: NUL character in the \(what)")
        }
        return decoded
    }
}
