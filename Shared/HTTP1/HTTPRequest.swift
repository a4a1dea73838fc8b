/// One parsed HTTP/1.1 request: head and the whole body.
public struct HTTPRequest: Sendable {
    /// The method token as sent, e.g. "GET".
    public var method: HTTPMethod
    /// The request target as sent, e.g. "/api/tickets?status=new".
    public var target: String
    /// The path part of the target, still percent-encoded.
    public var path: Substring {
        // Searched as bytes: the router asks for every request, and splitting built an array.
        guard let mark = queryMark else { return target[...] }
        return target[..<mark]
    }
    /// The raw query string after "?", if any.
    public var queryString: Substring? {
        guard let mark = queryMark else { return nil }
        return target[target.utf8.index(after: mark)...]
    }
    /// Where the "?" is (ASCII, so the index is valid for the string too).
    private var queryMark: String.Index? { target.utf8.firstIndex(of: UInt8(ascii: "?")) }
    /// The minor version of HTTP/1.x (0 or 1).
    public var minorVersion: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Values of `{name}` segments matched by the router.
    public var pathParameters: [String: String] = [:]
    /// The TCP peer's address ("a.b.c.d"), set by the server; empty when unknown. Behind a
    /// proxy this is the proxy: per-IP limits decide themselves whether to trust its headers.
    public var remoteAddress: String = ""

    public init(
        method: HTTPMethod, target: String, minorVersion: Int = 1, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        self.minorVersion = minorVersion
        self.headers = headers
        self.body = body
    }

    /// Whether the connection stays open after this request (HTTP/1.1 default, 1.0 opt-in).
    public var keepAlive: Bool {
        if headers.contains("Connection", token: "close") { return false }
        return minorVersion >= 1 || headers.contains("Connection", token: "keep-alive")
    }

    /// Query parameters, form-decoded ("+" is a space); the first value wins for repeated names.
    public var query: [String: String] {
        guard let queryString else { return [:] }
        var result: [String: String] = [:]
        for pair in queryString.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0], plusIsSpace: true)
            let value = parts.count > 1 ? PercentDecoding.decode(parts[1], plusIsSpace: true) : ""
            if let name, let value, result[name] == nil { result[name] = value }
        }
        return result
    }

    /// A path parameter by name, as the router matched it.
    public func parameter(_ name: String) -> String? { pathParameters[name] }
}

/// Decodes %XX escapes; nil for a broken escape or bytes that are not UTF-8.
public enum PercentDecoding {
    public static func decode(_ text: Substring, plusIsSpace: Bool = false) -> String? {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace: bytes.append(UInt8(ascii: " "))
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
