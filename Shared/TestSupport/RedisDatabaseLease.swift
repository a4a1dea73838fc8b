import Foundation
import Redis

/// A Redis database number held by one test world (a desk of processes in DeskTests, the
/// services of GatewayEndToEndTests), so the services under test keep their production key
/// names ("switchboard:…": the gateway's chat modes are the ones ingest-api's mode API reads)
/// and still never meet another test's keys; both suites may share one server.
///
/// A number is claimed with an expiring key in the test URL's own database (a test process
/// that dies loses its claims after `claimSeconds`). A database holding keys that are not
/// ours is skipped, never flushed: `TEST_REDIS_URL` may point at someone's Redis (the
/// benchmark uses the one on 6379 when it is up). Pub/sub channels are not per database;
/// worlds name their own events channel.
public final class RedisDatabaseLease: Sendable {
    /// The leased database's URL, for the services' `REDIS_URL`.
    public let url: String
    /// A client on the leased database.
    public let client: RedisClient
    /// The number leased.
    public let number: Int
    /// A client on the test URL's database, where the claims live.
    private let claims: RedisClient

    /// Longer than any one test target may run (scripts/test.sh gives each 900 s).
    public static let claimSeconds = 1200
    /// The key claiming database `number`.
    private static func claimKey(_ number: Int) -> String { "switchboard-tests:redis-db:\(number)" }
    /// Marks a database as leased by a test, so a leftover of a dead test may be flushed.
    private static let markerKey = "switchboard-tests:leased"

    private init(url: String, client: RedisClient, number: Int, claims: RedisClient) {
        self.url = url
        self.client = client
        self.number = number
        self.claims = claims
    }

    /// Claims the first free database from 1 up other than `baseURL`'s, empty (or left by a test).
    public static func claim(baseURL: String) async throws -> RedisDatabaseLease {
        let base = try RedisURL(baseURL)
        let claims = RedisClient(url: base)
        let owner = UUID().uuidString
        // Redis has 16 databases unless configured otherwise; 0 is everyone's default (a
        // desk started by `make up` may begin writing there after we found it empty).
        for number in 1..<16 where number != base.database {
            guard
                try await claims.set(
                    RedisArgument(claimKey(number)), to: RedisArgument(owner), ex: claimSeconds, onlyIfAbsent: true)
            else { continue }
            let url = try urlString(baseURL, database: number)
            let client = RedisClient(url: try RedisURL(url))
            if try await isOurs(client) {
                _ = try await client.send("FLUSHDB")
                try await client.set(RedisArgument(markerKey), to: RedisArgument(owner))
                return RedisDatabaseLease(url: url, client: client, number: number, claims: claims)
            }
            try await claims.delete(RedisArgument(claimKey(number)))
        }
        throw TestSetupError("no free Redis database next to \(base)")
    }

    /// Empties the database and gives the number back.
    public func release() async {
        _ = try? await client.send("FLUSHDB")
        _ = try? await claims.delete(RedisArgument(Self.claimKey(number)))
    }

    /// True when the database is empty or holds a test's marker.
    private static func isOurs(_ client: RedisClient) async throws -> Bool {
        if try await client.send("DBSIZE").integerValue == 0 { return true }
        return try await client.get(RedisArgument(markerKey)) != nil
    }

    /// `baseURL` with its database number replaced (the rest, password included, kept as written).
    private static func urlString(_ baseURL: String, database: Int) throws -> String {
        guard var components = URLComponents(string: baseURL) else {
            throw TestSetupError("TEST_REDIS_URL is not a URL")
        }
        components.path = "/\(database)"
        return components.string ?? baseURL
    }
}
