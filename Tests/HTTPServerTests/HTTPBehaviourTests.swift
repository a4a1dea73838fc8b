import Foundation
import HTTP1
import HTTPServer
import Synchronization
import TestSupport
import Testing

/// A flag one task raises and another watches.
private final class Flag: Sendable {
    private let raised = Atomic<Bool>(false)
    func raise() { raised.store(true, ordering: .relaxed) }
    var isRaised: Bool { raised.load(ordering: .relaxed) }
}

@Suite struct HTTPBehaviourTests {
    static func routes(_ router: inout Router) {
        router.addInline("GET", "/fast") { _ in .text("fast") }
        router.get("/slow") { _ in
            try await Task.sleep(nanoseconds: 100_000_000)
            return .text("slow")
        }
        router.post("/echo") { request in HTTPResponse(status: 200, body: request.body) }
        router.get("/tickets/{id}") { request in
            .json(raw: "{\"id\":\"\(request.parameter("id") ?? "")\",\"status\":\"\(request.query["status"] ?? "")\"}")
        }
        router.get("/fail") { _ in throw HTTPError.badRequest("field 'text' is required") }
        router.get("/crash") { _ in throw CocoaError(.fileNoSuchFile) }
        router.get("/events") { _ in
            .streaming(headers: ["Content-Type": "text/event-stream"]) { write in
                for piece in ["data: one\n\n", "data: two\n\n", "data: three\n\n"] {
                    try await write(Array(piece.utf8))
                    try await Task.sleep(nanoseconds: 20_000_000)
                }
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrderEvenWhenTheFirstIsSlow() async throws {
        let server = try TestServer.start(routes: Self.routes)
        defer { Task { await server.stop() } }
        let bodies = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            try client.send(
                raw:
                    "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\nGET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
            )
            return try (0..<3).map { _ in try client.readResponse().bodyText }
        }
        #expect(bodies == ["slow", "fast", "slow"])
    }

    @Test func keepAliveServesManyRequestsOnOneConnection() async throws {
        let server = try TestServer.start(routes: Self.routes)
        defer { Task { await server.stop() } }
        let statuses = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            return try (0..<50).map { _ in try client.request("GET", "/fast").status }
        }
        #expect(statuses == Array(repeating: 200, count: 50))
    }

    @Test func chunkedAndContinueBodiesReachTheHandler() async throws {
        let server = try TestServer.start(routes: Self.routes)
        defer { Task { await server.stop() } }
        let (chunked, interim, continued) = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            try client.send(
                raw:
                    "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
            )
            let chunked = try client.readResponse().bodyText
            try client.send(raw: "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try client.socket.read(count: 25, before: TestSocket.deadline(after: .seconds(2)))
            try client.send(raw: "body")
            return (chunked, String(decoding: interim, as: UTF8.self), try client.readResponse().bodyText)
        }
        #expect(chunked == "hello world")
        #expect(interim == "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(continued == "body")
    }

    @Test func streamedBodiesArriveChunkedAndTheConnectionIsReusable() async throws {
        let server = try TestServer.start(routes: Self.routes)
        defer { Task { await server.stop() } }
        let (streamed, after, old) = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            let streamed = try client.request("GET", "/events")
            let after = try client.request("GET", "/fast")
            let http10 = try TestHTTPClient(port: server.port)
            try http10.send(raw: "GET /events HTTP/1.0\r\n\r\n")
            let old = try http10.readResponse()
            return (streamed, after, old)
        }
        #expect(streamed.header("Transfer-Encoding") == "chunked")
        #expect(streamed.bodyText == "data: one\n\ndata: two\n\ndata: three\n\n")
        #expect(after.bodyText == "fast")
        #expect(old.bodyText == "data: one\n\ndata: two\n\ndata: three\n\n")
        #expect(old.closesConnection)
    }

    @Test func routerMatchesParametersAndQueries() async throws {
        let server = try TestServer.start(routes: Self.routes)
        defer { Task { await server.stop() } }
        let body = try await offPool {
            try TestHTTPClient(port: server.port).request("GET", "/tickets/42?status=open%20now").bodyText
        }
        #expect(body == "{\"id\":\"42\",\"status\":\"open now\"}")
    }

    @Test func errorsHaveTheContractShapeAndStatus() async throws {
        let server = try TestServer.start(routes: Self.routes)
        defer { Task { await server.stop() } }
        let responses = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            return try [
                client.request("GET", "/fail"), client.request("GET", "/nowhere"), client.request("DELETE", "/fast"),
                client.request("GET", "/crash"),
            ]
        }
        #expect(responses.map(\.status) == [400, 404, 405, 500])
        #expect(
            responses[0].bodyText == "{\"error\":{\"code\":\"bad_request\",\"message\":\"field 'text' is required\"}}")
        #expect(responses[2].header("Allow") == "GET")
        // The 500 does not leak the underlying error.
        #expect(
            responses[3].bodyText == "{\"error\":{\"code\":\"internal_error\",\"message\":\"internal server error\"}}")
    }

    @Test func headOver16KiBIs431AndBodyOver1MiBIs413() async throws {
        let server = try TestServer.start(routes: Self.routes)
        defer { Task { await server.stop() } }
        let (head, body) = try await offPool {
            let big = try TestHTTPClient(port: server.port)
            let head = try big.request("GET", "/fast", headers: [("X-Big", String(repeating: "a", count: 17 * 1024))])
            let upload = try TestHTTPClient(port: server.port)
            try upload.send(raw: "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n")
            // Answered before the body is sent, then closed.
            return (head, try upload.readResponse())
        }
        #expect(head.status == 431)
        #expect(head.closesConnection)
        #expect(body.status == 413)
        #expect(body.bodyText.contains("payload_too_large"))
    }

    @Test func malformedRequestGets400AndTheConnectionCloses() async throws {
        let server = try TestServer.start(routes: Self.routes)
        defer { Task { await server.stop() } }
        let (response, closed) = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            try client.send(raw: "GET /fast HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
            return (try client.readResponse(), try client.waitForServerClose(timeout: .seconds(2)))
        }
        #expect(response.status == 400)
        #expect(closed)
    }

    @Test func slowlorisHeadIsDroppedAfterTheHeadTimeout() async throws {
        let server = try TestServer.start({ $0.headTimeout = .milliseconds(500) }, routes: Self.routes)
        defer { Task { await server.stop() } }
        let (closed, elapsed) = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            let start = Date()
            try client.send(raw: "GET /fast HTTP/1.1\r\nHost: x\r\n")
            // Keep dribbling header bytes: the deadline counts from the first byte, not the last.
            for index in 0..<4 {
                Thread.sleep(forTimeInterval: 0.2)
                try? client.send(raw: "X-\(index): y\r\n")
            }
            return (try client.waitForServerClose(timeout: .seconds(3)), Date().timeIntervalSince(start))
        }
        #expect(closed)
        #expect(elapsed < 2.5)
    }

    @Test func idleKeepAliveConnectionIsClosed() async throws {
        let server = try TestServer.start({ $0.idleTimeout = .milliseconds(500) }, routes: Self.routes)
        defer { Task { await server.stop() } }
        let (status, closed) = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            let status = try client.request("GET", "/fast").status
            return (status, try client.waitForServerClose(timeout: .seconds(3)))
        }
        #expect(status == 200)
        #expect(closed)
    }

    @Test func connectionsOverTheLimitGet503() async throws {
        let server = try TestServer.start({ $0.maxConnections = 2 }, routes: Self.routes)
        defer { Task { await server.stop() } }
        let (first, third) = try await offPool {
            let one = try TestHTTPClient(port: server.port)
            let two = try TestHTTPClient(port: server.port)
            let first = try one.request("GET", "/fast").status
            _ = try two.request("GET", "/fast")
            let three = try TestHTTPClient(port: server.port)
            let third = try three.readResponse()
            return (first, third.status)
        }
        #expect(first == 200)
        #expect(third == 503)
    }

    @Test func standardRoutesReportHealthReadinessAndMetrics() async throws {
        let metrics = Metrics()
        let server = try TestServer.start(
            metrics: metrics,
            routes: { router in
                router.addStandardRoutes(
                    metrics: metrics,
                    readiness: [
                        ReadinessCheck("redis") {},
                        ReadinessCheck("postgres") { throw CocoaError(.fileReadNoPermission) },
                        ReadinessCheck("hung") { try await Task.sleep(nanoseconds: 60_000_000_000) },
                    ], timeout: .milliseconds(500))
            })
        defer { Task { await server.stop() } }
        let (health, ready, elapsed, scrape) = try await offPool {
            let client = try TestHTTPClient(port: server.port)
            let health = try client.request("GET", "/healthz")
            let start = Date()
            let ready = try client.request("GET", "/readyz")
            let elapsed = Date().timeIntervalSince(start)
            return (health, ready, elapsed, try client.request("GET", "/metrics").bodyText)
        }
        #expect(health.status == 200)
        #expect(ready.status == 503)
        #expect(ready.bodyText.contains("postgres:"))
        #expect(ready.bodyText.contains("hung: no answer within 0.5 s"))
        #expect(!ready.bodyText.contains("redis:"))
        #expect(elapsed < 5)  // CONTRACT §6: a dependency that is down gives 503 within 5 s
        #expect(scrape.contains("http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"))
        #expect(scrape.contains("http_request_duration_seconds_count"))
        #expect(scrape.contains("http_connections_open 1"))
    }

    @Test func gracefulStopFinishesTheRequestInFlight() async throws {
        // The handler holds the request until the stop has begun: a fixed delay before the
        // stop is not enough when other suites keep the cooperative pool busy.
        let started = Flag()
        let stopping = Flag()
        let server = try TestServer.start { router in
            router.get("/held") { _ in
                started.raise()
                let deadline = ContinuousClock.now + .seconds(5)
                while !stopping.isRaised && ContinuousClock.now < deadline {
                    try await Task.sleep(nanoseconds: 10_000_000)
                }
                try await Task.sleep(nanoseconds: 50_000_000)
                return .text("slow")
            }
        }
        let port = server.port
        async let stopped: Void = {
            _ = await eventually(timeout: .seconds(5)) { started.isRaised }
            stopping.raise()
            await server.stop()
        }()
        let response = try await offPool {
            let client = try TestHTTPClient(port: port)
            try client.send("GET", "/held")
            return try client.readResponse()
        }
        await stopped
        #expect(response.status == 200)
        #expect(response.bodyText == "slow")
        #expect(response.closesConnection)
        #expect(throws: (any Error).self) { try TestHTTPClient(port: server.port).request("GET", "/fast") }
    }
}
