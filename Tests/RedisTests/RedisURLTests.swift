import Redis
import Testing

/// `RedisURL` parsing: good URLs, defaults, and clear errors for bad ones.
struct RedisURLTests {
    @Test func parsesEveryPartOfAFullURL() throws {
        let url = try RedisURL("redis://alice:s3cret@cache.internal:6380/4")
        #expect(url == RedisURL(host: "cache.internal", port: 6380, database: 4, user: "alice", password: "s3cret"))
    }

    @Test(arguments: [
        ("redis://", RedisURL()),
        ("redis://localhost", RedisURL(host: "localhost")),
        ("redis://:6380", RedisURL(port: 6380)),
        ("redis://10.0.0.7/2", RedisURL(host: "10.0.0.7", database: 2)),
        ("redis://127.0.0.1:6379/", RedisURL()),
        ("REDIS://127.0.0.1:6379/0", RedisURL()),
    ])
    func fillsDefaultsForOmittedParts(text: String, expected: RedisURL) throws {
        #expect(try RedisURL(text) == expected)
    }

    @Test func passwordWithoutUserAuthenticatesAsTheDefaultUser() throws {
        let url = try RedisURL("redis://:only-password@127.0.0.1")
        #expect(url.user == nil)
        #expect(url.password == "only-password")
    }

    @Test func decodesPercentEscapedCredentialsAndKeepsRawSpecialCharacters() throws {
        #expect(try RedisURL("redis://bob:p%40ss%3Aword@h").password == "p@ss:word")
        #expect(try RedisURL("redis://:pa@ss/wo?rd@h:7000/1").password == "pa@ss/wo?rd")
        #expect(try RedisURL("redis://:pa@ss/wo?rd@h:7000/1").port == 7000)
    }

    @Test func acceptsBracketedIPv6Hosts() throws {
        let url = try RedisURL("redis://[::1]:6390/3")
        #expect(url.host == "::1")
        #expect(url.port == 6390)
        #expect(url.database == 3)
        #expect(url.description == "redis://[::1]:6390/3")
    }

    @Test(arguments: [
        ("", "empty"),
        ("127.0.0.1:6379", "expected redis://"),
        ("http://127.0.0.1:6379", "scheme must be redis://"),
        ("rediss://127.0.0.1:6379", "TLS"),
        ("unix:///tmp/redis.sock", "unix sockets"),
        ("redis://127.0.0.1:port", "port must be a number"),
        ("redis://127.0.0.1:0", "port must be a number from 1 to 65535, got '0'"),
        ("redis://127.0.0.1:65536", "65536"),
        ("redis://127.0.0.1:", "port must be a number"),
        ("redis://127.0.0.1:-1", "port"),
        ("redis://127.0.0.1/zero", "database must be a non-negative number, got 'zero'"),
        ("redis://127.0.0.1/1/2", "database"),
        ("redis://127.0.0.1/-1", "database"),
        ("redis://127.0.0.1/0?timeout=5", "query strings"),
        ("redis://user@127.0.0.1", "credentials must be written user:password@"),
        ("redis://user:@127.0.0.1", "has no password"),
        ("redis://:bad%zzescape@127.0.0.1", "password has an invalid percent-escape"),
        ("redis://::1:6379", "more than one ':'"),
        ("redis://[::1:6379", "closing ']'"),
        ("redis://[::1]x", "after the IPv6 address"),
        ("redis://ho st:6379", "whitespace"),
        ("redis://host!name:6379", "not allowed in a host name"),
    ])
    func rejectsMalformedURLsNamingWhatIsWrong(text: String, expectedReason: String) {
        #expect {
            _ = try RedisURL(text)
        } throws: { error in
            guard let error = error as? RedisURLError else { return false }
            return error.reason.contains(expectedReason) && error.description.hasPrefix("invalid Redis URL: ")
        }
    }

    @Test func descriptionAndErrorsNeverShowThePassword() throws {
        let url = try RedisURL("redis://alice:topsecret@127.0.0.1:6379/1")
        #expect(url.description == "redis://alice:***@127.0.0.1:6379/1")
        do {
            _ = try RedisURL("redis://alice:topsecret@127.0.0.1:notaport")
            Issue.record("a bad port was accepted")
        } catch {
            #expect(!error.description.contains("topsecret"))
        }
    }
}
