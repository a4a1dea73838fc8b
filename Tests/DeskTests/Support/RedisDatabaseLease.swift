import Foundation
import Redis

/// A Redis database number on the shared test server held by one desk, so its processes
/// keep the production key names and never meet another test's keys. The claims are the
/// ones GatewayEndToEndTests make (an expiring `switchboard-tests:redis-db:N` in the test
/// URL's database), so both suites may share a server; a database holding keys that are not
/// a test's is skipped, never flushed.
final class RedisDatabaseLease: Sendable {
    /// The leased database's URL, for the processes' `REDIS_URL`.
    let url: String
    /// The number leased.
    private let number: Int
    /// A client on the leased database.
    private let client: RedisClient
    /// A client on the test URL's database, where the claims live.
    private let claims: RedisClient

    /// Longer than the suite may run.
    private static let claimSeconds = 1200
    /// Marks a database as leased by a test, so a leftover of a dead test may be flushed.
    private static let markerKey: RedisArgument = "switchboard-tests:leased"

    private init(url: String, number: Int, client: RedisClient, claims: RedisClient) {
        self.url = url
        self.number = number
        self.client = client
        self.claims = claims
    }

    /// Claims the first free database (1-15, not `baseURL`'s own), empty or left by a test.
    static func claim(baseURL: String) async throws -> RedisDatabaseLease {
        let base = try RedisURL(baseURL)
        let claims = RedisClient(url: base, poolSize: 1)
        let owner = RedisArgument(UUID().uuidString)
        for number in 1..<16 where number != base.database {
            let claim = RedisArgument("switchboard-tests:redis-db:\(number)")
            guard try await claims.set(claim, to: owner, ex: claimSeconds, onlyIfAbsent: true) else { continue }
            guard var components = URLComponents(string: baseURL) else {
                throw DeskError("TEST_REDIS_URL is not a URL")
            }
            components.path = "/\(number)"
            let url = components.string ?? baseURL
            let client = RedisClient(url: try RedisURL(url), poolSize: 1)
            let isEmpty = try await client.send("DBSIZE").integerValue == 0
            let isLeftOfATest = try await client.get(markerKey) != nil
            if isEmpty || isLeftOfATest {
                _ = try await client.send("FLUSHDB")
                try await client.set(markerKey, to: owner)
                return RedisDatabaseLease(url: url, number: number, client: client, claims: claims)
            }
            try await claims.delete(claim)
        }
        throw DeskError("no free Redis database next to \(baseURL)")
    }

    /// Empties the database and gives the number back.
    func release() async {
        _ = try? await client.send("FLUSHDB")
        _ = try? await claims.delete(RedisArgument("switchboard-tests:redis-db:\(number)"))
    }
}
