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
            let requestKey = try RequestKeys.key(from: request)
            return try .json(try await context.ingest.ingest(body, requestKey: requestKey))
        }
        router.post("/api/ingest/stream") { request in try await streamed(request, context: context) }
        let document = context.openAPIDocument
        router.addInline("GET", "/openapi.json") { _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: document)
        }
    }

    /// The streamed answer. The question is validated and stored before the stream starts,
    /// so those errors are ordinary JSON answers; what follows is text/event-stream. With an
    /// Idempotency-Key, a repeat streams the first answer again.
    static func streamed(_ request: HTTPRequest, context: AppContext) async throws -> HTTPResponse {
        let body = try JSONBody.decode(IngestRequest.self, from: request)
        let requestKey = try RequestKeys.key(from: request)
        let service = context.ingest
        let input = try IngestInput(body, detector: service.detector)
        let headers: HTTPHeaders = ["Content-Type": "text/event-stream", "Cache-Control": "no-cache"]
        // Without a model the answer is there at once (one database call): the stream is the
        // answer as one delta, then the result — the same events a replay sends.
        if service.model == nil {
            let response = try await service.ingestFromFAQ(input, requestKey: requestKey)
            return .streaming(headers: headers) { write in
                try await IngestService.replay(response) { event in try await write(event.bytes) }
            }
        }
        if let requestKey, let previous = try await service.requestKeys.claim(requestKey) {
            return .streaming(headers: headers) { write in
                try await IngestService.replay(previous) { event in try await write(event.bytes) }
            }
        }
        let prepared: IngestService.Prepared
        do {
            prepared = try await service.prepare(input)
        } catch {
            if let requestKey { await service.requestKeys.release(requestKey) }
            throw error
        }
        return .streaming(headers: headers) { write in
            do {
                // A model may be silent for many seconds: keep-alives tell readers it is alive.
                try await KeepAliveStream.run(write: write) { stream in
                    let response = try await service.streamAnswer(prepared) { event in await stream.send(event.bytes) }
                    if let requestKey { try await service.requestKeys.finish(requestKey, with: response) }
                }
            } catch {
                if let requestKey { await service.requestKeys.release(requestKey) }
                throw error
            }
        }
    }
}
