/// One HTTP response as a test client received it.
public struct TestHTTPResponse: Sendable {
    /// The status code (`101`, `200`, `401`, …).
    public var status: Int
    /// The reason phrase of the status line.
    public var reasonPhrase: String
    /// The version of the status line, such as `"HTTP/1.1"`.
    public var version: String
    /// The header fields in the order received.
    public var headers: [(name: String, value: String)]
    /// The body, de-chunked when it was chunked.
    public var body: [UInt8]

    /// A response with every field given.
    public init(
        status: Int, reasonPhrase: String, version: String = "HTTP/1.1",
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) {
        self.status = status
        self.reasonPhrase = reasonPhrase
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name` (case-insensitive), or `nil`.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Every value of the header `name` (case-insensitive), in order.
    public func headers(named name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// The body decoded as UTF-8 (invalid bytes replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Whether the server announced it will close the connection after this response.
    public var closesConnection: Bool {
        headers(named: "Connection").contains { value in
            value.split(separator: ",").contains { $0.trimmingWhitespace().lowercased() == "close" }
        } || version == "HTTP/1.0"
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> String {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isWhitespace($0) }), let last = lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
