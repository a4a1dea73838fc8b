import Domain
import Foundation
import HTTPFetch

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension IngestClient {
    /// Sends one request and decodes a 2xx answer as `Answer`; maps every failure to the
    /// three kinds of `IngestClientError`.
    func call<Body: Encodable & Sendable, Answer: Decodable>(
        _ method: String, _ path: String, body: Body?, isAdmin: Bool = true, headers: [String: String] = [:]
    ) async throws(IngestClientError) -> Answer {
        let (status, data) = try await send(method, path, body: body, isAdmin: isAdmin, headers: headers)
        return try Self.decodeAnswer(status: status, data: data, what: "\(method) \(path)").get()
    }

    /// A whole answer of ingest-api: 2xx decoded as `Answer`, 503 as unreachable, the
    /// contract's error JSON as refused, anything else as a bad response.
    static func decodeAnswer<Answer: Decodable>(status: Int, data: Data, what: String)
        -> Result<Answer, IngestClientError>
    {
        if status == 503 { return .failure(.unreachable("ingest-api answered 503")) }
        guard (200..<300).contains(status) else {
            if let error = try? JSONDecoder().decode(APIErrorBody.self, from: data) {
                return .failure(.refused(status: status, code: error.error.code, message: error.error.message))
            }
            return .failure(.badResponse(status: status, "status \(status) without the error JSON"))
        }
        do {
            return .success(try JSONDecoder().decode(Answer.self, from: data))
        } catch {
            return .failure(.badResponse(status: status, "\(what): the answer does not decode: \(error)"))
        }
    }

    /// The HTTP exchange itself.
    private func send<Body: Encodable & Sendable>(
        _ method: String, _ path: String, body: Body?, isAdmin: Bool, headers: [String: String]
    ) async throws(IngestClientError) -> (Int, Data) {
        let request = try makeRequest(method, path, body: body, isAdmin: isAdmin, headers: headers)
        do {
            let (data, response) = try await session.fetch(request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        } catch let error as URLError where error.code == .timedOut {
            throw .timedOut
        } catch {
            throw .unreachable(
                "\(method) \(path): \((error as? URLError).map { "URLError \($0.code.rawValue)" } ?? "\(error)")")
        }
    }

    /// A request to `path` under `baseURL` with a JSON body, `headers`, and the admin token
    /// when `isAdmin`.
    func makeRequest<Body: Encodable & Sendable>(
        _ method: String, _ path: String, body: Body?, isAdmin: Bool, headers: [String: String]
    ) throws(IngestClientError) -> URLRequest {
        let base =
            baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        guard let url = URL(string: base + path) else { throw .badResponse(status: 0, "bad URL \(base + path)") }
        var request = URLRequest(url: url, timeoutInterval: timeout / .seconds(1))
        request.httpMethod = method
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            do {
                request.httpBody = try JSONEncoder().encode(body)
            } catch {
                throw .badResponse(status: 0, "cannot encode the request: \(error)")
            }
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if isAdmin, let token = adminToken { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        return request
    }
}
