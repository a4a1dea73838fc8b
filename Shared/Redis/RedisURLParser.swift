/// The grammar of `redis://[[user]:password@]host[:port][/db]`, kept apart from `RedisURL`
/// so that the value type stays small. Every rejection says which part is wrong.
enum RedisURLParser {
    /// Parses a whole URL.
    static func parse(_ text: String) throws(RedisURLError) -> RedisURL {
        guard !text.isEmpty else { throw RedisURLError("the URL is empty") }
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) else {
            throw RedisURLError("the URL contains whitespace or control characters")
        }
        guard let separator = text.firstRange(of: "://") else {
            throw RedisURLError("expected redis://[[user]:password@]host[:port][/db]")
        }
        try checkScheme(text[..<separator.lowerBound].lowercased())

        var url = RedisURL()
        var rest = text[separator.upperBound...]
        // The last '@' ends the credentials, so a password may hold '@', '/' or '?' unencoded.
        if let at = rest.lastIndex(of: "@") {
            (url.user, url.password) = try credentials(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        guard !rest.contains(where: { $0 == "?" || $0 == "#" }) else {
            throw RedisURLError("query strings and fragments are not supported")
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        let (host, port) = try hostAndPort(rest)
        if let host { url.host = host }
        if let port { url.port = port }
        url.database = try database(path)
        return url
    }

    /// Accepts `redis` and explains why the usual alternatives are refused.
    private static func checkScheme(_ scheme: String) throws(RedisURLError) {
        switch scheme {
        case "redis": return
        case "rediss": throw RedisURLError("TLS (rediss://) is not supported")
        case "unix", "redis+unix", "redis-socket": throw RedisURLError("unix sockets are not supported")
        default: throw RedisURLError("the scheme must be redis://, got '\(scheme)://'")
        }
    }

    /// Splits `user:password`; an empty user means the default user, an empty password none.
    private static func credentials(_ userinfo: Substring) throws(RedisURLError) -> (String?, String?) {
        guard let colon = userinfo.firstIndex(of: ":") else {
            throw RedisURLError("credentials must be written user:password@ or :password@")
        }
        let user = try percentDecoded(userinfo[..<colon], part: "user name")
        let password = try percentDecoded(userinfo[userinfo.index(after: colon)...], part: "password")
        if !user.isEmpty && password.isEmpty {
            throw RedisURLError("the user '\(user)' has no password")
        }
        return (user.isEmpty ? nil : user, password.isEmpty ? nil : password)
    }

    /// Parses `host`, `host:port`, `[v6]`, `[v6]:port`; nil parts keep their defaults.
    private static func hostAndPort(_ text: Substring) throws(RedisURLError) -> (String?, Int?) {
        var host: Substring
        var portText: Substring?
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else {
                throw RedisURLError("the IPv6 address has no closing ']'")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if let first = after.first {
                guard first == ":" else { throw RedisURLError("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw RedisURLError("'\(host)' is not an IPv6 address")
            }
        } else {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else {
                throw RedisURLError("the host '\(text)' has more than one ':' (write IPv6 addresses in brackets)")
            }
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
            guard host.allSatisfy(isHostCharacter) else {
                throw RedisURLError("the host '\(host)' contains characters not allowed in a host name")
            }
        }
        var port: Int?
        if let portText {
            guard let value = decimal(portText), (1...65535).contains(value) else {
                throw RedisURLError("the port must be a number from 1 to 65535, got '\(portText)'")
            }
            port = value
        }
        return (host.isEmpty ? nil : String(host), port)
    }

    /// The database index from the path after the first '/'; empty means 0.
    private static func database(_ path: Substring) throws(RedisURLError) -> Int {
        guard !path.isEmpty else { return 0 }
        guard let value = decimal(path), value <= Int(Int32.max) else {
            throw RedisURLError("the database must be a non-negative number, got '\(path)'")
        }
        return value
    }

    /// A non-negative decimal made of ASCII digits only (no sign, no spaces).
    private static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return Int(text)
    }

    /// Letters, digits, '-', '.', '_': what DNS names and IPv4 addresses use.
    private static func isHostCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "-._".contains(character))
    }

    /// Decodes `%XX` escapes; the result must be UTF-8.
    private static func percentDecoded(_ text: Substring, part: String) throws(RedisURLError) -> String {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw RedisURLError("the \(part) has an invalid percent-escape")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw RedisURLError("the \(part) is not valid UTF-8 after percent-decoding")
        }
        return decoded
    }

    /// The value of one ASCII hex digit.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
