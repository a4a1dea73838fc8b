import Admission
import Foundation
import Glibc
import HTTP1
import HTTPServer
import Logging
import TestSupport
import Testing

@testable import NotifyHub

/// The dashboard and chat pages as files (types, headers, caching, no markup from data),
/// and the admin API proxy against a stand-in ingest-api. No Redis needed.
struct PagesTests {
    /// A server with only the pages on a free port.
    static func startPages() throws -> HTTPServer {
        var router = Router()
        router.addPages()
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.loopCount = 1
        return try HTTPServer(
            configuration: configuration, router: router, logger: Logger(label: "pages", level: .error))
    }

    @Test func theDashboardAndTheChatAreServedWithTheirAssets() async throws {
        let server = try Self.startPages()
        defer { Task { await server.shutdown() } }
        let client = try TestHTTPClient(port: UInt16(server.port))
        for page in ["/", "/chat"] {
            let response = try client.request("GET", page)
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/html; charset=utf-8")
            let html = String(decoding: response.body, as: UTF8.self)
            // Every script and stylesheet the page names is served, with its type.
            let assets = html.matches(of: /(?:src|href)="(\/assets\/[a-z]+\.(js|css))"/).map {
                (String($0.output.1), String($0.output.2))
            }
            #expect(assets.count >= 3)
            for (path, kind) in assets {
                let asset = try client.request("GET", path)
                #expect(asset.status == 200, "\(path)")
                #expect(asset.header("Content-Type")?.hasPrefix(kind == "js" ? "text/javascript" : "text/css") == true)
                #expect(asset.header("X-Content-Type-Options") == "nosniff")
            }
        }
        let embed = try client.request("GET", "/chat/embed.js")
        #expect(embed.status == 200)
        #expect(String(decoding: embed.body, as: UTF8.self).contains("/chat?embed=1"))
    }

    @Test func onlyTheChatMayBeFramedByOtherSites() async throws {
        let server = try Self.startPages()
        defer { Task { await server.shutdown() } }
        let client = try TestHTTPClient(port: UInt16(server.port))
        let dashboard = try client.request("GET", "/")
        #expect(dashboard.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        #expect(dashboard.header("X-Frame-Options") == "DENY")
        let chat = try client.request("GET", "/chat")
        #expect(chat.header("Content-Security-Policy")?.contains("frame-ancestors") == false)
        #expect(chat.header("X-Frame-Options") == nil)
        #expect(chat.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
    }

    @Test func anUnchangedFileAnswers304WithoutABody() async throws {
        let server = try Self.startPages()
        defer { Task { await server.shutdown() } }
        let client = try TestHTTPClient(port: UInt16(server.port))
        let first = try client.request("GET", "/assets/dashboard.js")
        let etag = try #require(first.header("ETag"))
        #expect(first.header("Cache-Control") == "no-cache")
        let again = try client.request("GET", "/assets/dashboard.js", headers: [("If-None-Match", etag)])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        let head = try client.request("HEAD", "/chat")
        #expect(head.status == 200 && head.body.isEmpty)
    }

    /// User text reaches the pages only through textContent: the scripts never parse
    /// markup at all, so no message can become elements.
    /// Issue 15, item 7: URLs land in proxies' access logs, so the page asks for a ticket with
    /// the token in a header and opens /notify with the ticket.
    @Test func theDashboardNeverPutsTheTokenInTheSocketURL() {
        let script = String(decoding: PackageResources.dashboard_js, as: UTF8.self)
        #expect(script.contains("api(\"POST\", \"/notify/ticket\")"))
        #expect(script.contains("const params = { ticket };"))
        #expect(!script.contains("token: state.token"))
        #expect(!script.contains("params.token"))
    }

    @Test func theScriptsNeverParseMarkup() {
        let scripts = Pages.files.filter { $0.key.hasSuffix(".js") }
        #expect(scripts.count == 5)
        for (path, file) in scripts {
            let text = String(decoding: file.body, as: UTF8.self)
            for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
                #expect(!text.contains(sink), "\(path) uses \(sink)")
            }
        }
    }

    // MARK: - The admin API proxy

    /// A stand-in ingest-api that records what reaches it and answers with a body naming it.
    static func startDesk(seen: Recorder<String>) throws -> HTTPServer {
        var router = Router()
        let record: AsyncHandler = { request in
            let auth = request.headers["Authorization"] ?? "-"
            seen.append("\(request.method) \(request.target) \(auth) \(String(decoding: request.body, as: UTF8.self))")
            if request.target.hasPrefix("/api/tickets/404") {
                return .error(status: 404, code: "not_found", message: "no")
            }
            return HTTPResponse(
                status: request.method == "PATCH" ? 200 : 203,
                headers: ["Content-Type": "application/json", "Set-Cookie": "a=b", "X-Internal": "1"],
                body: Array("{\"seen\":\"\(request.method)\"}".utf8))
        }
        for route in AdminAPIProxy.routes { router.add(HTTPMethod(route.method), route.pattern, record) }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.loopCount = 1
        return try HTTPServer(
            configuration: configuration, router: router, logger: Logger(label: "desk", level: .error))
    }

    static func proxy(port: Int, timeout: Duration = .seconds(5)) throws -> AdminAPIProxy {
        AdminAPIProxy(
            backendURL: try #require(URL(string: "http://127.0.0.1:\(port)/")),
            gate: AdminGate(token: AdminToken(expected: "tok"), failuresPerMinute: 1_000, trustedProxies: .loopback),
            timeout: timeout)
    }

    static func request(_ method: String, _ target: String, token: String? = "tok", body: String = "")
        -> HTTPRequest
    {
        var headers = HTTPHeaders()
        if let token { headers.add("Authorization", "Bearer \(token)") }
        if !body.isEmpty { headers.add("Content-Type", "application/json") }
        headers.add("Cookie", "session=secret")
        return HTTPRequest(method: HTTPMethod(method), target: target, headers: headers, body: Array(body.utf8))
    }

    @Test func adminCallsReachIngestWithMethodTargetTokenAndBody() async throws {
        let seen = Recorder<String>()
        let desk = try Self.startDesk(seen: seen)
        defer { Task { await desk.shutdown() } }
        let proxy = try Self.proxy(port: desk.port)
        let list = await proxy.forward(Self.request("GET", "/api/tickets?status=new,open&limit=5"))
        #expect(list.status == 203)
        #expect(String(decoding: list.body, as: UTF8.self) == "{\"seen\":\"GET\"}")
        #expect(list.headers["Content-Type"] == "application/json")
        #expect(list.headers["Set-Cookie"] == nil && list.headers["X-Internal"] == nil)
        let patch = await proxy.forward(Self.request("PATCH", "/api/tickets/7", body: "{\"status\":\"closed\"}"))
        #expect(patch.status == 200)
        let mode = await proxy.forward(
            Self.request("PUT", "/api/chats/web-1%2Fx/mode", body: "{\"mode\":\"operator\"}"))
        #expect(mode.status == 203)
        let missing = await proxy.forward(Self.request("GET", "/api/tickets/404"))
        #expect(missing.status == 404)
        #expect(
            seen.all == [
                "GET /api/tickets?status=new,open&limit=5 Bearer tok ",
                "PATCH /api/tickets/7 Bearer tok {\"status\":\"closed\"}",
                "PUT /api/chats/web-1%2Fx/mode Bearer tok {\"mode\":\"operator\"}",
                "GET /api/tickets/404 Bearer tok ",
            ])
    }

    @Test func ingestIsToldTheDashboardsAddressNotTheHubs() async throws {
        // ingest-api brakes wrong admin tokens per client address: without the dashboard's
        // address every dashboard would share the hub's with the desk's own processes.
        let forwarded = Recorder<String>()
        var router = Router()
        router.add(.get, "/api/tickets") { request in
            forwarded.append(request.headers.values("X-Forwarded-For").joined(separator: " | "))
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array("[]".utf8))
        }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.loopCount = 1
        let desk = try HTTPServer(
            configuration: configuration, router: router, logger: Logger(label: "desk", level: .error))
        defer { Task { await desk.shutdown() } }
        let proxy = try Self.proxy(port: desk.port)
        var direct = Self.request("GET", "/api/tickets")
        direct.remoteAddress = "203.0.113.5"
        // Behind a trusted proxy (loopback here) the client it names; a forged list is not passed on.
        var proxied = Self.request("GET", "/api/tickets")
        proxied.remoteAddress = "127.0.0.1"
        proxied.headers.add("X-Forwarded-For", "192.0.2.1, 198.51.100.23")
        #expect(await proxy.forward(direct).status == 200)
        #expect(await proxy.forward(proxied).status == 200)
        #expect(forwarded.all == ["203.0.113.5", "198.51.100.23"])
    }

    @Test func withoutTheAdminTokenNothingReachesIngest() async throws {
        let seen = Recorder<String>()
        let desk = try Self.startDesk(seen: seen)
        defer { Task { await desk.shutdown() } }
        let proxy = try Self.proxy(port: desk.port)
        for token in [nil, "wrong", ""] as [String?] {
            let response = await proxy.forward(Self.request("GET", "/api/tickets", token: token))
            #expect(response.status == 401)
            #expect(String(decoding: response.body, as: UTF8.self).contains("\"code\":\"unauthorized\""))
        }
        #expect(seen.all.isEmpty)
    }

    @Test func anIngestThatIsDownIs503() async throws {
        let port = try Self.closedPort()
        let response = await (try Self.proxy(port: port)).forward(Self.request("GET", "/api/tickets"))
        #expect(response.status == 503)
        #expect(String(decoding: response.body, as: UTF8.self).contains("\"code\":\"unavailable\""))
    }

    @Test func anIngestThatNeverAnswersIs503WithinTheTimeOut() async throws {
        // A socket that listens but never accepts: connecting succeeds, nothing answers.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        try #require(bound)
        let started = ContinuousClock.now
        let response = await (try Self.proxy(port: Int(UInt16(bigEndian: address.sin_port)), timeout: .seconds(1)))
            .forward(Self.request("GET", "/api/tickets"))
        #expect(response.status == 503)
        // 1 s asked; the contract's bound (5 s) leaves room for a loaded test machine.
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    /// A loopback port nothing listens on (bound, then closed).
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
