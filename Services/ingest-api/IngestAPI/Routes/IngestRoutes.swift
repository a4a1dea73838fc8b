import Domain
import HTTP1
import HTTPServer

/// `POST /api/ingest` and `POST /api/ingest/stream` (public), and `GET /openapi.json`.
enum IngestRoutes {
    /// Adds the routes to `router`.
    static func register(on router: inout Router, context: AppContext) {
        // A client that accepts text/event-stream (notify-hub, the gateway) gets the streamed
        // form from /api/ingest too; /api/ingest/stream always streams.
        router.post("/api/ingest") { request in
            if request.headers.values("Accept").contains(where: { $0.lowercased().contains("text/event-stream") }) {
                return try await streamed(request, context: context)
            }
            let (body, caller, key) = try call(request, context: context)
            return try .json(try await context.ingest.ingest(body, caller: caller, idempotencyKey: key))
        }
        router.post("/api/ingest/stream") { request in try await streamed(request, context: context) }
    }

    /// Adds `GET /openapi.json` to `router`.
    static func registerDocument(on router: inout Router, context: AppContext) {
        let document = context.openAPIDocument
        router.addInline("GET", "/openapi.json") { _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: document)
        }
    }

    /// The body, the caller and the Idempotency-Key of an ingest request.
    private static func call(_ request: HTTPRequest, context: AppContext) throws -> (
        IngestRequest, IngestCaller, String?
    ) {
        let body = try JSONBody.decode(IngestRequest.self, from: request)
        let caller = try IngestCaller.of(
            request, writing: body, internalToken: context.internalToken, auth: context.auth)
        return (body, caller, request.idempotencyKey)
    }

    /// The streamed answer: the same path as the plain one (`IngestService.start`, then
    /// `finish`), its pieces written as server-sent events. The question is validated and
    /// stored before the stream starts, so those errors are ordinary JSON answers. A model
    /// may be silent for many seconds: keep-alives tell readers it is alive.
    static func streamed(_ request: HTTPRequest, context: AppContext) async throws -> HTTPResponse {
        let (body, caller, key) = try call(request, context: context)
        let service = context.ingest
        let headers: HTTPHeaders = ["Content-Type": "text/event-stream", "Cache-Control": "no-cache"]
        switch try await service.start(body, caller: caller, idempotencyKey: key) {
        case .answered(let response):
            return .streaming(headers: headers) { write in
                try await IngestService.replay(response) { event in try await write(event.bytes) }
            }
        case .pending(let prepared, let key):
            // The answer is made whether or not the reader stays, even if it hangs up before
            // the head is written (then the stream below never runs): its key is answered or
            // released either way, so a retry gets the answer instead of a stranded claim.
            let (events, relay) = AsyncStream.makeStream(of: IngestStreamEvent.self)
            Task {
                defer { relay.finish() }
                do {
                    _ = try await service.finish(prepared, key: key) { event in relay.yield(event) }
                } catch {
                    service.logger.warning("a streamed answer failed", ["error": .string("\(error)")])
                }
            }
            return .streaming(headers: headers) { write in
                try await KeepAliveStream.run(write: write) { stream in
                    for await event in events { await stream.send(event.bytes) }
                }
            }
        }
    }
}
