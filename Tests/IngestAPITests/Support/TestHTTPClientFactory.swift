import TestSupport

/// Blocking clients with the tests' time-out.
enum TestHTTPClientFactory {
    static func make(port: UInt16) throws -> TestHTTPClient {
        try TestHTTPClient(port: port, timeout: .seconds(15))
    }
}
