import HTTP1
import HTTPServer
import Synchronization
import TestSupport
import Testing

/// Adds its name to the `X-Trace` header on the way out, so the order is visible.
private struct Tracer: Middleware {
    let name: String

    func handle(_ request: HTTPRequest, next: Responder) async throws -> HTTPResponse {
        var response = try await next(request)
        let inner = response.headers["X-Trace"].map { $0 + "," } ?? ""
        response.headers.set("X-Trace", inner + name)
        return response
    }
}

/// Lets a request through only with the right bearer token.
private struct RequireToken: Middleware {
    func handle(_ request: HTTPRequest, next: Responder) async throws -> HTTPResponse {
        guard request.headers["Authorization"] == "Bearer secret" else { throw HTTPError.unauthorized() }
        return try await next(request)
    }
}

@Suite struct MiddlewareTests {
    @Test func groupMiddlewareRunsAroundItsRoutesOnlyWithTheFirstOutermost() async throws {
        let server = try TestServer.start { router in
            router.group(Tracer(name: "outer"), Tracer(name: "inner")) { group in
                group.get("/traced") { _ in .text("in") }
            }
            router.get("/plain") { _ in .text("out") }
        }
        defer { Task { await server.stop() } }
        let (traced, plain) = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            return (try client.request("GET", "/traced"), try client.request("GET", "/plain"))
        }
        // The inner one adds its name first, on the way out.
        #expect(traced.header("X-Trace") == "inner,outer")
        #expect(traced.bodyText == "in")
        #expect(plain.header("X-Trace") == nil)
    }

    @Test func middlewareCanAnswerWithoutCallingTheRoute() async throws {
        let calls = Atomic<Int>(0)
        let server = try TestServer.start { router in
            router.group(prefix: "/admin", RequireToken()) { admin in
                admin.post("/purge") { _ in
                    calls.add(1, ordering: .relaxed)
                    return .text("purged")
                }
            }
        }
        defer { Task { await server.stop() } }
        let (refused, allowed) = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            return (
                try client.request("POST", "/admin/purge"),
                try client.request("POST", "/admin/purge", headers: [("Authorization", "Bearer secret")])
            )
        }
        #expect(refused.status == 401)
        #expect(refused.header("WWW-Authenticate") == "Bearer")
        #expect(allowed.bodyText == "purged")
        #expect(calls.load(ordering: .relaxed) == 1)
    }

    @Test func routerWideMiddlewareCoversTheRoutesAddedAfterItIncludingInlineOnes() async throws {
        let server = try TestServer.start { router in
            router.addInline("GET", "/before") { _ in .text("before") }
            router.use(Tracer(name: "all"))
            router.addInline("GET", "/after") { _ in .text("after") }
            router.group(prefix: "/api", Tracer(name: "api")) { api in
                api.get("/tickets/{id}") { request in .text(request.parameter("id") ?? "") }
            }
        }
        defer { Task { await server.stop() } }
        let responses = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            return try ["/before", "/after", "/api/tickets/7"].map { try client.request("GET", $0) }
        }
        #expect(responses.map { $0.header("X-Trace") } == [nil, "all", "api,all"])
        #expect(responses.map(\.bodyText) == ["before", "after", "7"])
    }

    @Test func aMiddlewareCanReshapeErrorsThrownBehindIt() async throws {
        let plainErrors = MiddlewareFunction { request, next in
            do {
                return try await next(request)
            } catch let error as HTTPError {
                return .text("\(error.status.code) \(error.message)", status: error.status)
            }
        }
        let server = try TestServer.start { router in
            router.group(plainErrors) { group in
                group.get("/missing") { _ in throw HTTPError.notFound("no such ticket") }
            }
        }
        defer { Task { await server.stop() } }
        let response = try await offPool { try TestHTTPClient(port: server.port).request("GET", "/missing") }
        #expect(response.status == 404)
        #expect(response.bodyText == "404 no such ticket")
    }
}
