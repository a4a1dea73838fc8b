/// Where and how to reach a Redis server, parsed from
/// `redis://[[user]:password@]host[:port][/db]`.
///
/// Omitted parts take the defaults `127.0.0.1`, `6379` and database `0`. The user and the
/// password may be percent-encoded (`%40` for `@`). An IPv6 host is written in brackets
/// (`redis://[::1]:6379`). TLS (`rediss://`), unix sockets, query strings and fragments are
/// not supported and are rejected rather than silently ignored.
public struct RedisURL: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address, without brackets for IPv6.
    public var host: String
    /// TCP port, 1...65535.
    public var port: Int
    /// Database index selected on connect (`SELECT`) when not 0.
    public var database: Int
    /// ACL user name for `AUTH user password`; nil means `AUTH password` (the default user).
    public var user: String?
    /// Password for `AUTH`; nil means no `AUTH` at all.
    public var password: String?

    /// The default host when the URL names none.
    public static let defaultHost = "127.0.0.1"
    /// The default port when the URL names none.
    public static let defaultPort = 6379

    /// Creates a URL from its parts; the defaults match `redis://127.0.0.1:6379/0`.
    public init(
        host: String = RedisURL.defaultHost, port: Int = RedisURL.defaultPort, database: Int = 0,
        user: String? = nil, password: String? = nil
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
    }

    /// Parses `text`, throwing a `RedisURLError` that names the part that is wrong.
    public init(_ text: String) throws(RedisURLError) {
        self = try RedisURLParser.parse(text)
    }

    /// The URL with the password replaced by `***`, safe to log.
    public var description: String {
        var text = "redis://"
        if password != nil {
            text += (user ?? "") + ":***@"
        }
        text += host.contains(":") ? "[\(host)]" : host
        return text + ":\(port)/\(database)"
    }
}
