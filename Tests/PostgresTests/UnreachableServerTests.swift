import Foundation
import Postgres
import Testing

/// A server that is down or hangs gives a clear `.connectionFailure` within 5 s. Only
/// loopback sockets are involved, so these run without a database too.
@Suite struct UnreachableServerTests {
    /// Tries to connect on a dispatch thread; returns the error and the seconds the attempt
    /// took, timed on that thread so that a busy machine's scheduling delays do not count.
    private func failedConnect(_ configuration: PostgresConfiguration) async throws -> (PostgresError?, Double) {
        try await TestEnvironment.blocking {
            let start = ContinuousClock.now
            var failure: PostgresError?
            do {
                _ = try PostgresConnection(configuration: configuration)
            } catch {
                failure = error as? PostgresError
            }
            let elapsed = start.duration(to: .now)
            return (failure, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }

    /// True if `error` is the "unreachable" connection failure for `port`.
    private func isUnreachable(_ error: PostgresError?, port: Int) -> Bool {
        guard let error else { return false }
        return error.kind == .connectionFailure
            && error.message.hasPrefix("PostgreSQL unreachable at 127.0.0.1:\(port): ")
    }

    @Test func aClosedPortFailsAtOnceWithAClearMessage() async throws {
        let port = try TestEnvironment.freePort()
        let (error, seconds) = try await failedConnect(
            PostgresConfiguration(url: "postgres://switchboard@127.0.0.1:\(port)/switchboard"))
        #expect(isUnreachable(error, port: port))
        #expect(error?.message.contains("Connection refused") == true)
        #expect(seconds < 5)
    }

    @Test func aServerThatNeverAnswersFailsWithinTheDefaultFiveSeconds() async throws {
        let listener = try TestListener()
        let (error, seconds) = try await failedConnect(
            PostgresConfiguration(url: "postgres://switchboard@127.0.0.1:\(listener.port)/switchboard"))
        #expect(isUnreachable(error, port: listener.port))
        // libpq counts whole seconds of wall time: the attempt ends 4 to 5 s in.
        #expect(seconds < 5.3)
        #expect(seconds > 3.5)
    }

    @Test func aShorterConnectTimeoutIsHonoured() async throws {
        let listener = try TestListener()
        let (error, seconds) = try await failedConnect(
            PostgresConfiguration(
                url: "postgres://switchboard@127.0.0.1:\(listener.port)/switchboard", connectTimeout: .seconds(2)))
        #expect(isUnreachable(error, port: listener.port))
        #expect(seconds < 2.3)
    }

    @Test func aPoolOnADownServerFailsWithinFiveSeconds() async throws {
        let port = try TestEnvironment.freePort()
        let pool = PostgresPool(
            configuration: try PostgresConfiguration(url: "postgres://switchboard@127.0.0.1:\(port)/switchboard"))
        defer { pool.close() }
        let (_, seconds) = await TestEnvironment.measure {
            await #expect {
                try await pool.query("SELECT 1")
            } throws: { error in
                isUnreachable(error as? PostgresError, port: port)
            }
        }
        #expect(seconds < 5)
        #expect(pool.statistics.open == 0)
    }
}
