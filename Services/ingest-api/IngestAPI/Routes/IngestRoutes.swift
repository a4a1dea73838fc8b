import Domain
import HTTP1
import HTTPServer

/// `POST /api/ingest` and `POST /api/ingest/stream` (public), and `GET /openapi.json`.
enum IngestRoutes {
    /// Adds the routes to `router`.
    static func register(on router: inout Router, context: AppContext) {
        // A client that accepts text/event-stream (notify-hub) gets the streamed form from
        // /api/ingest too; /api/ingest/stream always streams.
        router.post("/api/ingest") { request in
            if request.headers.values("Accept").contains(where: { $0.lowercased().contains("text/event-stream") }) {
                return try await streamed(request, context: context)
            }
            let body = try JSONBody.decode(IngestRequest.self, from: request)
            return try .json(try await context.ingest.ingest(body))
        }
        router.post("/api/ingest/stream") { request in try await streamed(request, context: context) }
        let document = context.openAPIDocument
        router.addInline("GET", "/openapi.json") { _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: document)
        }
    }

    /// The streamed answer. The question is validated and stored before the stream starts,
    /// so those errors are ordinary JSON answers; what follows is text/event-stream.
    static func streamed(_ request: HTTPRequest, context: AppContext) async throws -> HTTPResponse {
        let body = try JSONBody.decode(IngestRequest.self, from: request)
        let prepared = try await context.ingest.prepare(body)
        let service = context.ingest
        return .streaming(headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-cache"]) { write in
            try await service.streamAnswer(prepared) { event in try await write(event.bytes) }
        }
    }
}
