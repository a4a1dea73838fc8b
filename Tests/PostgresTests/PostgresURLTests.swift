import Testing

@testable import Postgres

/// Parsing of `postgres://` URLs and the settings derived from them.
@Suite struct PostgresURLTests {
    @Test func parsesEveryPartOfAFullURL() throws {
        let url = try PostgresURL("postgres://ivan:s%40cret%3A1@db.example.com:6543/support?sslmode=require")
        #expect(url.user == "ivan")
        #expect(url.password == "s@cret:1")
        #expect(url.host == "db.example.com")
        #expect(url.port == 6543)
        #expect(url.database == "support")
        #expect(url.sslMode == .require)
    }

    @Test func acceptsThePostgresqlSchemeAndDefaultsThePort() throws {
        let url = try PostgresURL("postgresql://switchboard@127.0.0.1/switchboard")
        #expect(url.port == 5432)
        #expect(url.password == nil)
        #expect(url.sslMode == nil)
        #expect(url.endpoint == "127.0.0.1:5432")
    }

    @Test func readsABracketedIPv6Host() throws {
        let url = try PostgresURL("postgres://u@[::1]:5433/db")
        #expect(url.host == "::1")
        #expect(url.port == 5433)
        #expect(url.endpoint == "[::1]:5433")
    }

    @Test func readsConnectTimeoutAndApplicationName() throws {
        let url = try PostgresURL("postgres://u@h/db?connect_timeout=3&application_name=ingest")
        #expect(url.connectTimeoutSeconds == 3)
        #expect(url.applicationName == "ingest")
        let configuration = PostgresConfiguration(url: url)
        #expect(configuration.connectTimeout == .seconds(3))
        #expect(configuration.applicationName == "ingest")
    }

    @Test(arguments: [
        ("mysql://u@h/db", "postgres://"),
        ("127.0.0.1:5432", "postgres://"),
        ("postgres://h/db", "user"),
        ("postgres://:pw@h/db", "user"),
        ("postgres://u@/db", "host"),
        ("postgres://u@h", "database"),
        ("postgres://u@h/", "database"),
        ("postgres://u@h:0/db", "port"),
        ("postgres://u@h:99999/db", "port"),
        ("postgres://u@h:abc/db", "port"),
        ("postgres://u@h/db?sslmode=sometimes", "sslmode"),
        ("postgres://u@h/db?sslmod=require", "unknown query parameter \"sslmod\""),
        ("postgres://u@h/db?connect_timeout=0", "connect_timeout"),
        ("postgres://u%zz@h/db", "percent-encoding"),
        ("postgres://u@h/d%00b", "NUL"),
        ("postgres://u@[::1/db", "["),
        ("postgres://u:pa/ss@h/db", "percent-encode"),
    ])
    func rejectsInvalidURLsWithAReason(input: String, reason: String) {
        #expect {
            _ = try PostgresURL(input)
        } throws: { error in
            guard let error = error as? PostgresError else { return false }
            return error.kind == .invalidConfiguration && error.message.hasPrefix("invalid PostgreSQL URL: ")
                && error.message.contains(reason)
        }
    }

    @Test func descriptionHidesThePassword() throws {
        let url = try PostgresURL("postgres://ivan:topsecret@h:5432/db?sslmode=disable")
        #expect(url.description == "postgres://ivan:***@h:5432/db?sslmode=disable")
        #expect(!url.description.contains("topsecret"))
    }

    @Test func configurationDefaultsToAFiveSecondConnectTimeout() throws {
        let configuration = try PostgresConfiguration(url: "postgres://u@h/db")
        #expect(configuration.connectTimeout == .seconds(5))
        #expect(configuration.statementTimeout == nil)
        let parameters = Dictionary(
            uniqueKeysWithValues: configuration.connectionParameters.map { ($0.keyword, $0.value) })
        #expect(parameters["connect_timeout"] == "5")
        #expect(parameters["options"]?.contains("-c TimeZone=UTC") == true)
        #expect(parameters["options"]?.contains("statement_timeout") == false)
        #expect(parameters["password"] == nil)
    }

    @Test func configurationPassesTheStatementTimeoutInMilliseconds() throws {
        let configuration = try PostgresConfiguration(
            url: "postgres://u:p@h/db?sslmode=verify-full", connectTimeout: .milliseconds(1500),
            statementTimeout: .milliseconds(250))
        let parameters = Dictionary(
            uniqueKeysWithValues: configuration.connectionParameters.map { ($0.keyword, $0.value) })
        #expect(parameters["options"]?.contains("-c statement_timeout=250") == true)
        #expect(parameters["connect_timeout"] == "2")
        #expect(parameters["sslmode"] == "verify-full")
        #expect(parameters["password"] == "p")
    }
}
