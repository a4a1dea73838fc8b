import Foundation
import TestSupport
import Testing

@testable import NotifyHub

#if canImport(Glibc)
    import Glibc
#endif

/// Thousands of visitor connect/disconnect cycles leave the process's descriptors and
/// memory where they were. The hub runs in the test process, so its own /proc/self counts.
@Suite(
    .enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"),
    .enabled(if: leakTestsEnabled, "process-wide counts: run alone with LEAK_TESTS=1 (make test does)"))
struct VisitorLeakTests {
    @Test func connectDisconnectCyclesLeakNoDescriptorsOrMemory() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        // Warm up: buffers, caches and pools reach their working size first.
        try await cycles(300, harness: harness)
        try await harness.waitForVisitors(0)
        let (fdsBefore, rssBefore) = (Self.openDescriptors(), Self.residentBytes())
        try await cycles(3_000, harness: harness)
        try await harness.waitForVisitors(0)
        let (fdsAfter, rssAfter) = (Self.openDescriptors(), Self.residentBytes())
        #expect(harness.apps[0].visitorCount == 0)
        #expect(fdsAfter - fdsBefore < 40, "descriptors \(fdsBefore) → \(fdsAfter)")
        #expect(rssAfter - rssBefore < 24 * 1024 * 1024, "RSS \(rssBefore) → \(rssAfter)")
    }

    /// Connects, talks and closes `count` times, alternating the two dialects.
    private func cycles(_ count: Int, harness: HubHarness) async throws {
        try await offPool {
            for index in 0..<count {
                let client = index % 2 == 0 ? try harness.contact() : try harness.pipeline("leak", "person")
                _ = try client.receiveText()
                try client.send(text: "{\"type\":\"ping\"}")
                _ = try client.receiveText()
                if index % 3 == 0 {
                    client.socket.close()  // an abrupt end, no close handshake
                } else {
                    _ = try client.close()
                }
            }
        }
    }

    /// Entries of /proc/self/fd.
    static func openDescriptors() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return -1 }
        defer { closedir(directory) }
        var count = 0
        while readdir(directory) != nil { count += 1 }
        return count
    }

    /// Resident set size from /proc/self/statm (read with plain syscalls, no Foundation buffers).
    static func residentBytes() -> Int {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return -1 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return -1 }
        let fields = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return -1 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
