import Foundation
import HTTP1
import HTTPServer
import Logging
import TestSupport

/// A server on a free loopback port for one test, with short time-outs so limits can be
/// observed in seconds.
struct TestServer {
    let server: HTTPServer
    var port: UInt16 { UInt16(server.port) }

    static func start(
        metrics: Metrics = Metrics(), _ configure: (inout ServerConfiguration) -> Void = { _ in },
        routes: (inout Router) -> Void
    ) throws
        -> TestServer
    {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.loopCount = 1
        configuration.sweepInterval = .milliseconds(100)
        configure(&configuration)
        var router = Router()
        routes(&router)
        let server = try HTTPServer(
            configuration: configuration, router: router, metrics: metrics,
            logger: Logger(label: "test-server", level: .error))
        return TestServer(server: server)
    }

    func stop() async { await server.shutdown(gracePeriod: 2) }
}
