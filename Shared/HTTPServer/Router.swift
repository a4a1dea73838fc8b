import HTTP1

/// The route table: built with `add`, then handed to the server, which never changes it.
/// Literal routes are found by one dictionary lookup; patterns are tried in order.
public struct Router: Sendable {
    private var literalRoutes: [String: [HTTPMethod: Route]] = [:]
    private var patternRoutes: [Route] = []
    /// Wrapped around the routes added from now on (see `use` and `group`).
    private var middleware: [any Middleware] = []
    /// Put before the patterns added from now on (see `group`).
    private var prefix = ""

    public init() {}

    /// The result of looking up a request.
    enum Match {
        case found(Route, parameters: [String: String])
        /// The path exists, but not for this method.
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    /// Adds a route answered in a task.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping AsyncHandler) {
        insert(Route(method: method, pattern: pattern, handler: .async(handler)))
    }

    /// Adds a route answered on the loop thread (must not block).
    public mutating func addInline(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping InlineHandler) {
        insert(Route(method: method, pattern: pattern, handler: .inline(handler)))
    }

    /// Adds a WebSocket endpoint: `upgrader` accepts or refuses each upgrade request.
    public mutating func addWebSocket(_ pattern: String, _ upgrader: WebSocketUpgrader) {
        insert(Route(method: .get, pattern: pattern, handler: .webSocket(upgrader)))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping AsyncHandler) { add(.get, pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping AsyncHandler) { add(.post, pattern, handler) }
    public mutating func put(_ pattern: String, _ handler: @escaping AsyncHandler) { add(.put, pattern, handler) }
    public mutating func patch(_ pattern: String, _ handler: @escaping AsyncHandler) { add(.patch, pattern, handler) }
    public mutating func delete(_ pattern: String, _ handler: @escaping AsyncHandler) { add(.delete, pattern, handler) }

    /// Runs `middleware` around every route added after this call, the first outermost.
    /// Routes added before are not affected; WebSocket upgrades never are.
    public mutating func use(_ middleware: any Middleware...) {
        self.middleware += middleware
    }

    /// Adds the routes `routes` adds, with `prefix` before their patterns and `middleware`
    /// around them (inside the router's own and any enclosing group's).
    public mutating func group(
        prefix: String = "", _ middleware: any Middleware..., routes: (inout Router) -> Void
    ) {
        let saved = (self.middleware, self.prefix)
        self.middleware += middleware
        self.prefix += prefix
        routes(&self)
        (self.middleware, self.prefix) = saved
    }

    private mutating func insert(_ route: Route) {
        let route = Route(
            method: route.method, pattern: prefix + route.pattern,
            handler: MiddlewareChain.wrap(route.handler, in: middleware))
        if route.segments.allSatisfy({ if case .literal = $0 { true } else { false } }) {
            literalRoutes[Self.normalized(route.pattern), default: [:]][route.method] = route
        } else {
            patternRoutes.append(route)
        }
    }

    /// Finds the route for a method and a raw (percent-encoded) path. HEAD falls back to GET.
    func match(method: HTTPMethod, path: Substring) -> Match {
        let lookupMethod = method == .head ? .get : method
        if let byMethod = literalRoutes[Self.normalized(path)] {
            if let route = byMethod[lookupMethod] { return .found(route, parameters: [:]) }
            return .methodNotAllowed(allowed: byMethod.keys.sorted { $0.rawValue < $1.rawValue })
        }
        guard !patternRoutes.isEmpty else { return .notFound }
        guard let segments = Self.decodedSegments(path) else { return .notFound }
        var allowed: [HTTPMethod] = []
        for route in patternRoutes {
            guard let parameters = route.match(segments) else { continue }
            if route.method == lookupMethod { return .found(route, parameters: parameters) }
            allowed.append(route.method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed.sorted { $0.rawValue < $1.rawValue })
    }

    /// "/a/b/" and "/a/b" are the same route.
    private static func normalized<S: StringProtocol>(_ path: S) -> String {
        var text = String(path)
        while text.count > 1 && text.hasSuffix("/") { text.removeLast() }
        return text
    }

    private static func decodedSegments(_ path: Substring) -> [String]? {
        var result: [String] = []
        for piece in path.split(separator: "/") {
            guard let decoded = PercentDecoding.decode(piece) else { return nil }
            result.append(decoded)
        }
        return result
    }
}
