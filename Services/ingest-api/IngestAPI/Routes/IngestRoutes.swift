import Domain
import HTTP1
import HTTPServer

/// `POST /api/ingest` (public) and `GET /openapi.json`.
enum IngestRoutes {
    static func register(on router: inout Router, context: AppContext) {
        router.post("/api/ingest") { request in
            let body = try JSONBody.decode(IngestRequest.self, from: request)
            return try .json(try await context.ingest.ingest(body))
        }
        let document = context.openAPIDocument
        router.addInline("GET", "/openapi.json") { _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: document)
        }
    }
}
