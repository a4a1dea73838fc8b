import Config
import HTTP1
import Logging
import ServiceKit
import Synchronization
import TestSupport
import Testing

/// The one skeleton every service starts through: where it listens, the standard routes,
/// readiness, and the order of the stop.
@Suite struct ServiceSkeletonTests {
    /// What the stop steps saw, in order.
    final class StopLog: Sendable {
        /// The port the service bound, once it serves.
        let port = Mutex(0)
        /// One line per step.
        let lines = Mutex<[String]>([])

        /// Notes `step` and whether the server still answered /healthz then.
        func note(_ step: String) {
            let answered =
                (try? TestHTTPClient(port: UInt16(port.withLock { $0 }), timeout: .seconds(2)))
                .flatMap { try? $0.request("GET", "/healthz").status } == 200
            lines.withLock { $0.append("\(step): \(answered ? "serving" : "closed")") }
        }
    }

    /// operator-relay's settings on a free loopback port, Redis where nothing listens.
    static func settings() throws -> Settings {
        try Settings(
            SettingsSource(values: [
                "BIND_ADDRESS": "127.0.0.1", "RELAY_PORT": "0", "MAX_CONNECTIONS": "7",
                "REDIS_URL": "redis://127.0.0.1:\(unusedPort())/0",
            ]))
    }

    @Test func theSkeletonListensWhereTheSettingsSayAndServesTheStandardRoutesBesideItsOwn() async throws {
        var skeleton = ServiceSkeleton(
            .operatorRelay, settings: try Self.settings(), logger: Logger(label: "test", level: .error))
        #expect(skeleton.configuration.host == "127.0.0.1" && skeleton.configuration.port == 0)
        #expect(skeleton.configuration.maxConnections == 7)
        _ = try skeleton.redis()
        skeleton.router.get("/own") { _ in .json(raw: "{\"own\":true}") }
        let service = try skeleton.serve()
        let client = try TestHTTPClient(port: UInt16(service.port))
        #expect(try client.request("GET", "/healthz").status == 200)
        #expect(try client.request("GET", "/metrics").status == 200)
        #expect(try client.request("GET", "/own").status == 200)
        // The Redis the skeleton made is what /readyz checks: nothing listens there.
        let ready = try client.request("GET", "/readyz")
        #expect(ready.status == 503)
        #expect(String(decoding: ready.body, as: UTF8.self).contains("redis"))
        client.close()
        await service.shutdown()
    }

    @Test func theStopRunsItsStepsAroundTheServersOwnStopInTheOrderAdded() async throws {
        var skeleton = ServiceSkeleton(
            .operatorRelay, settings: try Self.settings(), logger: Logger(label: "test", level: .error))
        let log = StopLog()
        skeleton.onStop(.afterServer) { log.note("after 1") }
        skeleton.onStop(.beforeServer) { log.note("before 1") }
        skeleton.onStop(.beforeServer) { log.note("before 2") }
        let service = try skeleton.serve()
        log.port.withLock { $0 = service.port }
        // A step added while serving takes its turn after those added before.
        service.onStop(.afterServer) { log.note("after 2") }
        await service.shutdown()
        #expect(
            log.lines.withLock { $0 } == [
                "before 1: serving", "before 2: serving", "after 1: closed", "after 2: closed",
            ])
    }
}
