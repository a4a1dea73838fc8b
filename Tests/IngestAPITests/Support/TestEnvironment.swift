import Foundation
import TestSupport

/// The servers `make test` starts (TEST_REDIS_URL, TEST_DATABASE_URL); integration tests
/// are skipped without them. (Each app gets a database of its own: `TestDatabase.make`.)
enum TestEnvironment {
    static let redisURL = ProcessInfo.processInfo.environment["TEST_REDIS_URL"]
    static let databaseURL = TestDatabase.serverURL
    /// True when both servers are given.
    static let isAvailable = redisURL != nil && databaseURL != nil
}

/// A test's own failure with a message.
struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
