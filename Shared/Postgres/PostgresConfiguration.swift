/// Everything needed to open a connection: where (the URL) and the time limits.
public struct PostgresConfiguration: Sendable {
    /// Where to connect and as whom.
    public var url: PostgresURL
    /// How long a connection attempt may take before it fails (libpq `connect_timeout`).
    ///
    /// libpq counts whole seconds, rounds up, and treats anything under 2 s as 2 s. It applies
    /// per address: a host name that resolves to two addresses can take twice as long, which
    /// is why our URLs name `127.0.0.1` rather than `localhost`.
    public var connectTimeout: Duration
    /// The server-side `statement_timeout` for every statement on the connection; nil keeps
    /// the server's setting. A statement over it fails with SQLSTATE `57014`.
    public var statementTimeout: Duration?
    /// Shown in `pg_stat_activity.application_name`.
    public var applicationName: String?
    /// How many distinct statements a connection keeps prepared on its server (see
    /// `PreparedStatements`); 0 sends every statement unprepared, as a pooler in
    /// transaction mode (PgBouncer) requires.
    public var preparedStatementCapacity = defaultPreparedStatementCapacity

    /// Enough for every statement the services send, with room to spare.
    public static let defaultPreparedStatementCapacity = 256

    /// The default connect time-out: a server that is down must be reported within 5 s.
    public static let defaultConnectTimeout = Duration.seconds(5)

    /// Settings for `url`; the URL's own `connect_timeout` and `application_name`, when
    /// present, win over the defaults here.
    public init(
        url: PostgresURL, connectTimeout: Duration = defaultConnectTimeout, statementTimeout: Duration? = nil,
        applicationName: String? = nil
    ) {
        self.url = url
        self.connectTimeout = url.connectTimeoutSeconds.map { .seconds($0) } ?? connectTimeout
        self.statementTimeout = statementTimeout
        self.applicationName = url.applicationName ?? applicationName
    }

    /// Parses `url` (see `PostgresURL`) and applies the other settings.
    public init(
        url: String, connectTimeout: Duration = defaultConnectTimeout, statementTimeout: Duration? = nil,
        applicationName: String? = nil
    ) throws {
        self.init(
            url: try PostgresURL(url), connectTimeout: connectTimeout, statementTimeout: statementTimeout,
            applicationName: applicationName)
    }

    /// The keyword/value pairs for `PQconnectdbParams`.
    ///
    /// Session settings travel in the startup packet (`options`), so a fresh connection is
    /// ready without an extra round trip: UTC and ISO dates because timestamps are parsed
    /// from text; hex bytea and shortest-exact floats for the same reason.
    var connectionParameters: [(keyword: String, value: String)] {
        var options = "-c TimeZone=UTC -c DateStyle=ISO,YMD -c bytea_output=hex"
        options += " -c extra_float_digits=1"
        if let statementTimeout {
            options += " -c statement_timeout=" + String(Self.milliseconds(statementTimeout))
        }
        var parameters: [(keyword: String, value: String)] = [
            ("host", url.host),
            ("port", String(url.port)),
            ("user", url.user),
            ("dbname", url.database),
            ("connect_timeout", String(Self.wholeSeconds(connectTimeout))),
            ("client_encoding", "UTF8"),
            ("options", options),
        ]
        if let password = url.password { parameters.append(("password", password)) }
        if let sslMode = url.sslMode { parameters.append(("sslmode", sslMode.rawValue)) }
        if let applicationName { parameters.append(("application_name", applicationName)) }
        return parameters
    }

    /// A duration in whole milliseconds, rounded up, at least 1 (0 would mean "no limit").
    static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int((duration / .milliseconds(1)).rounded(.up)))
    }

    /// A duration in whole seconds, rounded up, at least 1 (0 would mean "wait forever").
    static func wholeSeconds(_ duration: Duration) -> Int {
        max(1, Int((duration / .seconds(1)).rounded(.up)))
    }
}
