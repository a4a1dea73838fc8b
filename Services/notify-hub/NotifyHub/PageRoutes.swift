import HTTP1
import HTTPServer

/// One file of the pages, served from memory with its type, an ETag and its security headers.
struct StaticFile: Sendable {
    /// The bytes as shipped.
    let body: [UInt8]
    /// The `Content-Type`.
    let contentType: String
    /// A strong validator: the body's FNV-1a hash, so an unchanged file answers 304.
    let etag: String
    /// Whether other sites may frame it (the visitor chat, for embedding; never the dashboard).
    let frameable: Bool

    init(_ body: [UInt8], contentType: String, frameable: Bool = false) {
        self.body = body
        self.contentType = contentType
        self.frameable = frameable
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        etag = "\"" + String(hash, radix: 16) + "\""
    }

    /// 200 with the body, or 304 when the browser already holds this version.
    func response(to request: HTTPRequest) -> HTTPResponse {
        var headers: HTTPHeaders = [
            "Content-Type": contentType,
            // Revalidated every time: a new binary serves new pages at once.
            "Cache-Control": "no-cache",
            "ETag": etag,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            // Scripts only from our own files: even a rendering bug cannot run injected
            // markup (user text is set as text anyway). WebSockets to this same host.
            "Content-Security-Policy":
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' ws: wss:; base-uri 'none'; form-action 'self'"
                // The chat may be framed by any page (the embed snippet), the dashboard by none.
                + (frameable ? "" : "; frame-ancestors 'none'"),
        ]
        if !frameable { headers.add("X-Frame-Options", "DENY") }
        if request.headers["If-None-Match"] == etag { return HTTPResponse(status: 304, headers: headers) }
        return HTTPResponse(status: 200, headers: headers, body: body)
    }
}

/// The dashboard (`GET /`) and the visitor chat (`GET /chat`, CONTRACT §6 "Pages"): plain
/// HTML, CSS and JavaScript from `Pages/`, compiled into the binary by SwiftPM
/// (`embedInCode`), so a deployed binary needs no resource folder beside it.
enum Pages {
    /// Every path served, with its file.
    static let files: [String: StaticFile] = [
        "/": StaticFile(PackageResources.dashboard_html, contentType: "text/html; charset=utf-8"),
        "/assets/dashboard.css": StaticFile(PackageResources.dashboard_css, contentType: "text/css; charset=utf-8"),
        "/assets/dashboard.js": StaticFile(
            PackageResources.dashboard_js, contentType: "text/javascript; charset=utf-8"),
        "/chat": StaticFile(PackageResources.chat_html, contentType: "text/html; charset=utf-8", frameable: true),
        "/assets/chat.css": StaticFile(PackageResources.chat_css, contentType: "text/css; charset=utf-8"),
        "/assets/chat.js": StaticFile(PackageResources.chat_js, contentType: "text/javascript; charset=utf-8"),
        "/assets/common.js": StaticFile(PackageResources.common_js, contentType: "text/javascript; charset=utf-8"),
        "/assets/i18n.js": StaticFile(PackageResources.i18n_js, contentType: "text/javascript; charset=utf-8"),
        // Other sites load this one: it must not be refused as a cross-origin script.
        "/chat/embed.js": StaticFile(PackageResources.embed_js, contentType: "text/javascript; charset=utf-8"),
    ]
}

extension Router {
    /// The pages and their assets, answered on the loop from memory.
    mutating func addPages() {
        for (path, file) in Pages.files {
            addInline("GET", path) { request in file.response(to: request) }
        }
    }
}
