import Foundation
import HTTP1
import HTTPServer

extension HTTPResponse {
    /// `value` encoded as the JSON body (keys sorted, slashes unescaped).
    static func json(_ value: some Encodable, status: Int = 200) throws -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return HTTPResponse(
            status: HTTPStatus(status), headers: ["Content-Type": "application/json"], body: Array(try encoder.encode(value)))
    }
}
