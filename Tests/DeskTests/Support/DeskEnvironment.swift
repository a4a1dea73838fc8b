import Foundation
import TestSupport

/// What the product-level suite needs from its surroundings: the release executables
/// (`DESK_BIN_DIR`, built by scripts/test.sh) and the test servers (`TEST_REDIS_URL`,
/// `TEST_DATABASE_URL`). Without them the suite is disabled with this reason; `make test`
/// always gives all three.
enum DeskEnvironment {
    /// The folder holding ingest-api, telegram-gateway, notify-hub and operator-relay.
    static let binDirectory = ProcessInfo.processInfo.environment["DESK_BIN_DIR"].map {
        URL(fileURLWithPath: $0, isDirectory: true)
    }
    /// `TEST_REDIS_URL`: the shared test Redis.
    static let redisURL = ProcessInfo.processInfo.environment["TEST_REDIS_URL"]

    /// Why the suite cannot run here, or nil when it can.
    static let missing: String? = {
        guard let binDirectory else {
            return "DESK_BIN_DIR is not set (scripts/test.sh builds the release executables)"
        }
        for executable in DeskExecutable.allCases
        where !FileManager.default.isExecutableFile(
            atPath: binDirectory.appendingPathComponent(executable.rawValue).path)
        {
            return "no executable \(executable.rawValue) in DESK_BIN_DIR \(binDirectory.path)"
        }
        if redisURL == nil { return "TEST_REDIS_URL is not set (make test starts Redis)" }
        if TestDatabase.serverURL == nil { return "TEST_DATABASE_URL is not set (make test starts PostgreSQL)" }
        return nil
    }()

    /// `DESK_KEEP_LOGS=1`: the processes' logs (and private servers' data) stay under the
    /// temp folder after the tests, for reading what happened.
    static let keepsLogs = ProcessInfo.processInfo.environment["DESK_KEEP_LOGS"] == "1"

    /// True when every test of the suite can run.
    static let isReady = missing == nil

    /// The repository's root, for scripts/redis.sh and scripts/postgres.sh.
    static let repositoryRoot: URL = {
        // This file is Tests/DeskTests/Support/DeskEnvironment.swift.
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    /// The path of `executable`'s binary.
    static func binary(_ executable: DeskExecutable) -> URL {
        (binDirectory ?? URL(fileURLWithPath: "/nonexistent")).appendingPathComponent(executable.rawValue)
    }

    /// A fresh folder for one desk's logs and working directories, under the system's temp folder.
    static func makeScratchDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "desk-tests-\(name)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
