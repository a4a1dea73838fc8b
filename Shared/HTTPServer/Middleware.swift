import HTTP1

/// The rest of a middleware chain: the next middleware, or at the end the route's handler.
public typealias Responder = AsyncHandler

/// Code that runs around route handlers: checks a request (admin auth), answers it from
/// elsewhere (a stored idempotent reply), or reshapes the answer (JSON errors). It calls
/// `next` to go on, or answers without it to stop the chain.
///
/// Attach it with ``Router/use(_:)`` (every route added afterwards) or
/// ``Router/group(prefix:_:routes:)`` (the routes of one group). Errors it throws are
/// answered like a handler's: an ``HTTPError`` as itself, anything else as a logged 500.
public protocol Middleware: Sendable {
    func handle(_ request: HTTPRequest, next: Responder) async throws -> HTTPResponse
}

/// A middleware written as a closure.
public struct MiddlewareFunction: Middleware {
    private let body: @Sendable (HTTPRequest, Responder) async throws -> HTTPResponse

    public init(_ body: @escaping @Sendable (_ request: HTTPRequest, _ next: Responder) async throws -> HTTPResponse) {
        self.body = body
    }

    public func handle(_ request: HTTPRequest, next: Responder) async throws -> HTTPResponse {
        try await body(request, next)
    }
}

/// Builds the chains once, when routes are added, so a request pays only the calls.
enum MiddlewareChain {
    /// `handler` wrapped in `middleware`, the first outermost.
    static func wrap(_ handler: RouteHandler, in middleware: [any Middleware]) -> RouteHandler {
        guard !middleware.isEmpty else { return handler }
        switch handler {
        case .async(let handler):
            return .async(chain(middleware, around: handler))
        case .inline(let handler):
            // Middleware may suspend, so the route is answered in a task from now on.
            return .async(chain(middleware, around: { request in try handler(request) }))
        case .webSocket:
            // An upgrade has no response to pass through a chain; its upgrader decides.
            return handler
        }
    }

    static func chain(_ middleware: [any Middleware], around handler: @escaping AsyncHandler) -> AsyncHandler {
        middleware.reversed().reduce(handler) { next, outer in
            { request in try await outer.handle(request, next: next) }
        }
    }
}
