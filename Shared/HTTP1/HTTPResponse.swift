import JSONEscaping

/// Writes one piece of a streamed body; throws when the client is gone.
public typealias BodyChunkWriter = @Sendable ([UInt8]) async throws -> Void

/// Produces a streamed body piece by piece (e.g. server-sent events), then returns.
public typealias BodyStreamer = @Sendable (_ write: BodyChunkWriter) async throws -> Void

/// A response to send: status, headers and a body held in memory, or a streamed body.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// When set, the body is produced by this closure and sent chunked as it comes;
    /// `body` is ignored.
    public var stream: BodyStreamer?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A streamed response, e.g. `text/event-stream`; each `write` reaches the client at once.
    public static func streaming(status: HTTPStatus = .ok, headers: HTTPHeaders, _ streamer: @escaping BodyStreamer) -> HTTPResponse {
        var response = HTTPResponse(status: status, headers: headers)
        response.stream = streamer
        return response
    }

    /// A text/plain response.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// A response whose body is already JSON text.
    public static func json(raw: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(raw.utf8))
    }

    /// The error shape of CONTRACT.md §3: `{"error": {"code": …, "message": …}}`.
    public static func error(status: HTTPStatus, code: String, message: String) -> HTTPResponse {
        var text = "{\"error\":{\"code\":"
        JSONEscaping.appendQuoted(code, to: &text)
        text += ",\"message\":"
        JSONEscaping.appendQuoted(message, to: &text)
        text += "}}"
        return json(raw: text, status: status)
    }

    /// Appends the status line, headers (plus Content-Length, Connection, Date) and body.
    /// `HEAD` responses and 1xx/204/304 carry no body.
    /// With `chunked`, announces `Transfer-Encoding: chunked` instead of a length (streamed bodies).
    public func serialize(into out: inout [UInt8], keepAlive: Bool, date: String?, includeBody: Bool = true, chunked: Bool = false) {
        out.append(contentsOf: status.statusLine)
        for field in headers.fields {
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: [0x3A, 0x20])
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        let bodyAllowed = status.code >= 200 && status != .noContent && status != .notModified
        if bodyAllowed && chunked {
            out.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        } else if bodyAllowed && headers["Content-Length"] == nil && stream == nil {
            out.append(contentsOf: "Content-Length: ".utf8)
            out.append(contentsOf: String(body.count).utf8)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        if !keepAlive { out.append(contentsOf: "Connection: close\r\n".utf8) }
        if let date {
            out.append(contentsOf: "Date: ".utf8)
            out.append(contentsOf: date.utf8)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        out.append(contentsOf: [0x0D, 0x0A])
        if bodyAllowed && includeBody && stream == nil { out.append(contentsOf: body) }
    }
}
