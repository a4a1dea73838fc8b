import TestSupport
import Foundation

/// The shared test Redis (`TEST_REDIS_URL`, exported by `make test`); integration suites
/// are skipped without it. (offPool, eventually and unusedPort come from TestSupport.)
let testRedisURL = ProcessInfo.processInfo.environment["TEST_REDIS_URL"]
