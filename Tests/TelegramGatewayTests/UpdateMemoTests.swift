import Foundation
import Redis
import TestSupport
import Testing

@testable import TelegramGateway

/// `UpdateMemo` when Redis cannot take a value: the decision stays in this process, so the
/// update handled again here repeats it (a draft shown during a Redis outage is edited into
/// the answer, not followed by a second message).
@Suite(.enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct UpdateMemoTests {
    @Test func aValueRedisRefusedIsFoundHereAndSavedThereOnceRedisAnswers() async throws {
        let unsaved = UnsavedMemos()
        let prefix = "memo-test-\(UUID().uuidString.prefix(8)):"
        let down = UpdateMemo(
            redis: RedisClient(url: RedisURL(port: unusedPort())), prefix: prefix, unsaved: unsaved)
        let up = UpdateMemo(redis: RedisClient(url: try RedisURL(testRedisURL ?? "")), prefix: prefix, unsaved: unsaved)

        await #expect(throws: (any Error).self) { try await down.store("4242", "draft", of: 7) }
        // Found though Redis is down (the dead one would throw); then offered to the live one.
        #expect(try await down.value("draft", of: 7) == "4242")
        #expect(try await up.value("draft", of: 7) == "4242")
        #expect(try await up.value("draft", of: 8) == nil)

        // Read where Redis answers, the kept value is saved there and forgotten here.
        #expect(unsaved.value(for: prefix + "7:draft") == nil)
        #expect(
            try await RedisClient(url: try RedisURL(testRedisURL ?? "")).get(RedisArgument(prefix + "7:draft"))
                .map { String(decoding: $0, as: UTF8.self) } == "4242")

        // A value Redis takes replaces it.
        try await up.store("4343", "draft", of: 7)
        #expect(try await up.value("draft", of: 7) == "4343")
    }

    @Test func aKeptValueGivesWayToOneRedisAlreadyHas() async throws {
        let unsaved = UnsavedMemos()
        let prefix = "memo-test-\(UUID().uuidString.prefix(8)):"
        let up = UpdateMemo(redis: RedisClient(url: try RedisURL(testRedisURL ?? "")), prefix: prefix, unsaved: unsaved)
        try await up.store("5151", "draft", of: 9)  // another instance's, say
        unsaved.keep("5252", for: prefix + "9:draft")
        #expect(try await up.value("draft", of: 9) == "5151")
        #expect(unsaved.value(for: prefix + "9:draft") == nil)
    }

    @Test func theOldestUnsavedValuesGoPastTheCapacity() {
        let unsaved = UnsavedMemos(capacity: 2)
        unsaved.keep("a", for: "1")
        unsaved.keep("b", for: "2")
        unsaved.keep("a2", for: "1")  // kept again: now the newest
        unsaved.keep("c", for: "3")
        #expect(unsaved.value(for: "2") == nil)
        #expect(unsaved.value(for: "1") == "a2")
        #expect(unsaved.value(for: "3") == "c")
        unsaved.forget("1")
        #expect(unsaved.value(for: "1") == nil)
    }
}
