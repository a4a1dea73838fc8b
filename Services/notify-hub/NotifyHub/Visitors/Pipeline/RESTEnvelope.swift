import HTTP1
import HTTPServer
import JSONEscaping

/// The web IM REST answers (CONTRACT §6): `{"code":0,"msg":"ok","data":{…}}`, and for
/// errors the HTTP status as `code`, the reason as `msg`, `data` null.
enum RESTEnvelope {
    /// A success whose `data` is already JSON text.
    static func ok(dataJSON: String) -> HTTPResponse {
        .json(raw: "{\"code\":0,\"msg\":\"ok\",\"data\":\(dataJSON)}")
    }

    /// A success whose `data` is `{"message": text}`.
    static func ok(message: String) -> HTTPResponse {
        ok(dataJSON: FrameJSON.encode(["message": message]))
    }

    /// A failure with its status.
    static func failure(_ failure: RESTFailure) -> HTTPResponse {
        var text = "{\"code\":\(failure.status),\"msg\":"
        JSONEscaping.appendQuoted(failure.message, to: &text)
        text += ",\"data\":null}"
        var response = HTTPResponse.json(raw: text, status: HTTPStatus(failure.status))
        for field in failure.headers { response.headers.set(field.name, field.value) }
        return response
    }

    /// Runs a route's body; a `RESTFailure` becomes its envelope, anything else (Redis
    /// down) a 503 envelope, so these routes never answer in another shape.
    static func respond(_ body: () async throws -> HTTPResponse) async -> HTTPResponse {
        do {
            return try await body()
        } catch let failure as RESTFailure {
            return Self.failure(failure)
        } catch {
            return Self.failure(RESTFailure(503, "storage unavailable; try again"))
        }
    }
}

/// A refused REST call: status and reason.
struct RESTFailure: Error, Sendable {
    /// The HTTP status, also the envelope's `code`.
    let status: Int
    /// The envelope's `msg`.
    let message: String
    /// Extra headers (`Retry-After`, `WWW-Authenticate`).
    var headers = HTTPHeaders()

    /// A failure with `status` and `message`.
    init(_ status: Int, _ message: String, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.message = message
        self.headers = headers
    }
}
