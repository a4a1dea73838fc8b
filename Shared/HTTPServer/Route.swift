import HTTP1

/// Answers a request on a loop thread, without suspending: for cheap routes (health,
/// metrics, static pages) where a hop into Swift concurrency would cost more than the work.
public typealias InlineHandler = @Sendable (HTTPRequest) throws -> HTTPResponse

/// Answers a request in a task: for routes that wait on PostgreSQL, Redis or HTTP.
public typealias AsyncHandler = @Sendable (HTTPRequest) async throws -> HTTPResponse

/// What a route runs.
public enum RouteHandler: Sendable {
    case inline(InlineHandler)
    case async(AsyncHandler)
    case webSocket(WebSocketUpgrader)
}

/// One entry of the route table: a method, a path pattern and its handler.
struct Route: Sendable {
    /// A piece of a path pattern.
    enum Segment: Sendable, Equatable {
        case literal(String)
        /// `{name}` matches one non-empty segment.
        case parameter(String)
        /// `*` at the end matches the rest of the path (possibly empty).
        case rest
    }

    let method: HTTPMethod
    /// The pattern as written, used as the metrics label so label values stay bounded.
    let pattern: String
    let segments: [Segment]
    let handler: RouteHandler

    init(method: HTTPMethod, pattern: String, handler: RouteHandler) {
        self.method = method
        self.pattern = pattern
        self.handler = handler
        segments = pattern.split(separator: "/").map { piece in
            if piece == "*" { return .rest }
            if piece.hasPrefix("{") && piece.hasSuffix("}") { return .parameter(String(piece.dropFirst().dropLast())) }
            return .literal(String(piece))
        }
    }

    /// The path parameters when `pathSegments` (percent-decoded) match this pattern.
    func match(_ pathSegments: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest:
                parameters["*"] = pathSegments[index...].joined(separator: "/")
                return parameters
            case .literal(let text):
                guard index < pathSegments.count, pathSegments[index] == text else { return nil }
            case .parameter(let name):
                guard index < pathSegments.count, !pathSegments[index].isEmpty else { return nil }
                parameters[name] = pathSegments[index]
            }
        }
        return pathSegments.count == segments.count ? parameters : nil
    }
}
