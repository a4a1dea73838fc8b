import Events
import Foundation
import Redis
import TestSupport
import Testing

@testable import NotifyHub

@Suite(.enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct NotifyRouteTests {
    @Test func aWrongOrMissingTokenIsRefusedWith401BeforeTheUpgrade() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let port = harness.port
        let statuses = try await offPool {
            try ["/notify", "/notify?token=nope"].map { try TestWebSocketClient(port: port).upgrade(path: $0).status }
        }
        #expect(statuses == [401, 401])
    }

    @Test func everyEventArrivesAsOneTextFrameExactlyAsPublished() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let client = try await offPool { Handed(try harness.dashboard()) }
        try await harness.waitForDashboards(1)
        let id = try await harness.publisher.publish(type: "ticket_created", dataJSON: "{\"id\":42}")
        // A foreign publisher's event without an id is forwarded as it is.
        _ = try await harness.redis.publish(channel: harness.channel, message: "{\"type\":\"custom\",\"n\":1}")
        let frames = try await offPool { try [client.value.receiveText(), client.value.receiveText()] }
        #expect(eventID(frames[0]) == id)
        #expect(frames[0].contains("\"type\":\"ticket_created\""))
        #expect(frames[1] == "{\"type\":\"custom\",\"n\":1}")
    }

    @Test func sinceReplaysTheMissedEventsThenGoesLiveWithoutGapOrDuplicate() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        var ids: [Int] = []
        for index in 0..<20 { ids.append(try await harness.publisher.publish(type: "broadcast", dataJSON: "{\"n\":\(index)}")) }
        let since = ids[9]
        // Keep publishing while the dashboard connects, so the seam sees live traffic.
        let publisher = harness.publisher
        let live = Task {
            var more: [Int] = []
            for index in 20..<60 {
                more.append(try await publisher.publish(type: "broadcast", dataJSON: "{\"n\":\(index)}"))
                try await Task.sleep(nanoseconds: 1_000_000)
            }
            return more
        }
        let received = try await offPool {
            let client = try harness.dashboard(query: "&since=\(since)")
            var seen: [Int] = []
            while seen.count < 50, let id = eventID(try client.receiveText()) { seen.append(id) }
            return seen
        }
        let published = ids + (try await live.value)
        #expect(received == Array(published.drop { $0 <= since }))
    }

    @Test func aReplayFromBeforeTheKeptEventsSaysItIsIncomplete() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let newest = try await harness.publisher.publish(type: "broadcast", dataJSON: "{}")
        let client = try await offPool { Handed(try harness.dashboard(query: "&since=\(newest + 100)")) }
        let frame = try await offPool { try client.value.receiveText() }
        #expect(frame == "{\"type\":\"replay\",\"recovered\":false}")
        // Events published after that are not mistaken for ones the client already has.
        let next = try await harness.publisher.publish(type: "broadcast", dataJSON: "{}")
        // (The event published before connecting may arrive live first: the client's own id
        // was void, so nothing is filtered by it.)
        let live = try await offPool {
            var ids: [Int?] = []
            while ids.count < 2, !ids.contains(next) { ids.append(eventID(try client.value.receiveText())) }
            return ids
        }
        #expect(live.contains(next))
    }

    @Test func pingKeepaliveReplyAndBadInputAreAnsweredAndTheSocketStaysOpen() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let stream = RedisOperatorReplySink(redis: harness.redis).stream
        let before = try await harness.redis.send("XLEN", RedisArgument(stream)).integerValue ?? 0
        let answers = try await offPool {
            let client = try harness.dashboard()
            try client.send(text: "keepalive")
            try client.send(text: "{\"type\":\"ping\"}")
            let pong = try client.receiveText()
            try client.send(text: "not json")
            let malformed = try client.receiveText()
            try client.send(text: "{\"type\":\"dance\"}")
            let unknown = try client.receiveText()
            try client.send(binary: [1, 2, 3])
            let binary = try client.receiveText()
            try client.send(text: "{\"type\":\"reply\",\"chat_id\":\"web-1\",\"text\":\"Hello from the desk\"}")
            try client.send(text: "{\"type\":\"ping\"}")
            let stillOpen = try client.receiveText()
            return [pong, malformed, unknown, binary, stillOpen]
        }
        #expect(answers[0].hasPrefix("{\"type\":\"pong\",\"timestamp\":"))
        #expect(answers[1].hasPrefix("{\"type\":\"error\""))
        #expect(answers[2].contains("unknown message type"))
        #expect(answers[3].hasPrefix("{\"type\":\"error\""))
        #expect(answers[4].hasPrefix("{\"type\":\"pong\""))
        // The reply is queued in a task: give it a moment.
        var after = before
        for _ in 0..<200 where after == before {
            after = try await harness.redis.send("XLEN", RedisArgument(stream)).integerValue ?? 0
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(after == before + 1)
    }

    @Test func oneEventReachesDashboardsOfBothInstancesOnce() async throws {
        let harness = try await HubHarness(instances: 2)
        defer { Task { await harness.stop() } }
        let clients = try await offPool { Handed(try [harness.dashboard(instance: 0), harness.dashboard(instance: 1)]) }
        try await harness.waitForDashboards(1, instance: 0)
        try await harness.waitForDashboards(1, instance: 1)
        let id = try await harness.publisher.publish(type: "new_session", dataJSON: "{}")
        let marker = try await harness.publisher.publish(type: "broadcast", dataJSON: "{}")
        let received = try await offPool {
            try clients.value.map { client in [try client.receiveText(), try client.receiveText()].compactMap(eventID) }
        }
        #expect(received == [[id, marker], [id, marker]])
    }
}
