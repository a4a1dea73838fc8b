import Foundation
import Redis
import Testing

/// Every path (success, server error, refused reply, failed connect, failed AUTH or SELECT,
/// time-out, pool, subscriber) gives its connection back. Runs against a server of its own so
/// that counting that server's clients is exact; also the loop the leak check runs under
/// AddressSanitizer.
@Suite(.serialized, .enabled(if: TestRedis.isConfigured, "needs TEST_REDIS_URL"))
struct RedisResourceTests {
    @Test func repeatedUseOnEveryPathClosesEveryConnection() async throws {
        let server = try PrivateRedisServer()
        let observer = try RedisConnection(url: server.url)
        let closedPort = try TestRedis.freePort()
        let key: RedisArgument = "resource:string"
        _ = try observer.command("SET", key, "value")

        for iteration in 0..<200 {
            let connection = try RedisConnection(url: server.url, options: RedisConnectionOptions(maxReplyDepth: 1))
            #expect(try connection.command("GET", key) == .string(Array("value".utf8)))
            #expect(try connection.pipeline((0..<10).map { ["ECHO", RedisArgument($0)] }).count == 10)
            #expect(throws: RedisError.self) { _ = try connection.command("LPUSH", key, "x") }
            #expect(throws: RedisError.self) { _ = try connection.command("EVAL", "return {1, {2}}", 0) }
            #expect(throws: RedisError.self) { _ = try RedisConnection(url: RedisURL(port: closedPort)) }
            // Connected, then refused: the context must still be freed.
            #expect(throws: RedisError.self) {
                _ = try RedisConnection(url: RedisURL(port: server.port, password: "x"))
            }
            #expect(throws: RedisError.self) {
                _ = try RedisConnection(url: RedisURL(port: server.port, database: 99_999))
            }
            if iteration % 20 == 0 {
                let slow = try RedisConnection(
                    url: server.url, options: RedisConnectionOptions(commandTimeout: .milliseconds(20)))
                #expect(throws: RedisError.self) { _ = try slow.command("BLPOP", "resource:empty", 1) }
                #expect(slow.isBroken)

                let client = RedisClient(url: server.url, poolSize: 2)
                _ = try await client.pipeline([["PING"], ["GET", key]])
                try await client.ping()

                let subscriber = try RedisSubscriber(url: server.url)
                try await subscriber.subscribe(["resource:channel"]) { _, _ in }
                subscriber.stop()
            }
        }

        let onlyObserverLeft = try await waitUntil(timeout: .seconds(5)) {
            let clients = try observer.command("CLIENT", "LIST").text ?? ""
            return clients.split(separator: "\n").count == 1
        }
        #expect(onlyObserverLeft)
    }
}
