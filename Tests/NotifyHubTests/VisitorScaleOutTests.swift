import DeskProtocol
import Events
import Foundation
import TestSupport
import Testing

@testable import NotifyHub

/// Visitors spread over two hub instances: stats, broadcasts and operator replies
/// travel through Redis so that where a socket landed makes no difference.
@Suite(.enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct VisitorScaleOutTests {
    @Test func connectionStatsAddUpEveryInstance() async throws {
        let harness = try await HubHarness(instances: 2)
        defer { Task { await harness.stop() } }
        let (a, b) = ("pa-\(UUID().uuidString.prefix(8))", "pb-\(UUID().uuidString.prefix(8))")
        let clients = try await offPool {
            let clients = [
                try harness.pipeline(a, "person", instance: 0), try harness.pipeline(a, "group", instance: 1),
                try harness.pipeline(b, "person", instance: 1), try harness.contact(instance: 0),
            ]
            for client in clients { _ = try client.receiveText() }
            return Handed(clients)
        }
        // Instance 1 reports every 0.1 s: wait for a stats answer that includes it.
        var data: [String: Any] = [:]
        for _ in 0..<100 {
            let response = try await harness.rest("GET", "/api/v1/pipelines/\(a)/ws/connections", admin: true)
            #expect(response.status == 200)
            data = object(response.bodyText)["data"] as? [String: Any] ?? [:]
            if ((data["stats"] as? [String: Any])?["total_connections"] as? Int) == 3 { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        let stats = try #require(data["stats"] as? [String: Any])
        #expect(
            stats.keys.sorted() == [
                "connections_by_pipeline", "connections_by_session_type", "pipelines", "total_connections",
            ])
        #expect(stats["total_connections"] as? Int == 3)
        #expect(stats["pipelines"] as? Int == 2)
        #expect(stats["connections_by_pipeline"] as? [String: Int] == [a: 2, b: 1])
        #expect(stats["connections_by_session_type"] as? [String: Int] == ["person": 2, "group": 1])
        let connections = try #require(data["connections"] as? [[String: Any]])
        #expect(connections.count == 2)
        #expect(
            connections.allSatisfy {
                $0.keys.sorted() == ["connection_id", "created_at", "is_active", "last_active", "session_type"]
            })
        #expect(Set(connections.compactMap { $0["session_type"] as? String }) == ["person", "group"])
        let instances = try #require(data["instances"] as? [[String: Any]])
        #expect(instances.compactMap { $0["contact_connections"] as? Int }.reduce(0, +) == 1)
        _ = clients
    }

    @Test func broadcastsReachEveryMatchingSocketOnEveryInstanceOnce() async throws {
        let harness = try await HubHarness(instances: 2)
        defer { Task { await harness.stop() } }
        let (a, b) = ("ba-\(UUID().uuidString.prefix(8))", "bb-\(UUID().uuidString.prefix(8))")
        // Per instance: an IM socket of pipeline a, one of pipeline b, a contact socket.
        let clients = try await offPool {
            let clients = try (0..<2).flatMap { instance in
                [
                    try harness.pipeline(a, "person", instance: instance),
                    try harness.pipeline(b, "group", instance: instance), try harness.contact(instance: instance),
                ]
            }
            for client in clients { _ = try client.receiveText() }
            return Handed(clients)
        }
        let dashboard = try await offPool { Handed(try harness.dashboard(instance: 1)) }
        try await harness.waitForDashboards(1, instance: 1)
        let pipelineOnly = try await harness.rest(
            "POST", "/api/v1/pipelines/\(a)/ws/broadcast", body: "{\"message\":\"to a\"}", admin: true, instance: 1)
        #expect(
            pipelineOnly.bodyText
                == "{\"code\":0,\"msg\":\"ok\",\"data\":{\"message\":\"Broadcast sent successfully\"}}")
        let everyone = try await harness.rest(
            "POST", "/api/v1/broadcast", body: "{\"message\":\"to all\"}", admin: true)
        #expect(everyone.status == 200)
        let received = try await offPool {
            // A moment for any duplicate to arrive; then a ping proves nothing else is queued.
            Thread.sleep(forTimeInterval: 0.2)
            return try clients.value.map { client in
                try client.send(text: "{\"type\":\"ping\"}")
                var texts: [String] = []
                while true {
                    let frame = try client.receiveText()
                    if object(frame)["type"] as? String == "pong" { return texts }
                    #expect(keys(frame) == ["message", "timestamp", "type"])
                    #expect(object(frame)["type"] as? String == "broadcast")
                    texts.append(object(frame)["message"] as? String ?? "")
                }
            }
        }
        let expected = [["to a", "to all"], ["to all"], ["to all"]]
        #expect(received == expected + expected)
        let event = object(try await offPool { try dashboard.value.receiveText() })
        #expect(event["type"] as? String == "broadcast")
        #expect((event["data"] as? [String: Any])?["message"] as? String == "to all")
    }

    @Test func anOperatorReplyReachesTheVisitorOnWhicheverInstanceHoldsItsSocket() async throws {
        let harness = try await HubHarness(instances: 2)
        defer { Task { await harness.stop() } }
        let (contact, im, ids) = try await offPool {
            let contact = try harness.contact(instance: 1)
            let im = try harness.pipeline("op-\(UUID().uuidString.prefix(8))", "person", instance: 1)
            let ids = [
                object(try contact.receiveText())["client_id"] as? String ?? "",
                object(try im.receiveText())["connection_id"] as? String ?? "",
            ]
            return (Handed(contact), Handed(im), ids)
        }
        let channel = VisitorChannel(eventsChannel: harness.channel)
        let instancesReached = try await channel.publish(
            VisitorReply(text: "Hi, this is Olga"), to: "web-\(ids[0])", on: harness.redis)
        #expect(instancesReached == 2)
        try await channel.publish(VisitorReply(text: "Hello from the desk"), to: "web-\(ids[1])", on: harness.redis)
        let frames = try await offPool { [try contact.value.receiveText(), try im.value.receiveText()] }
        #expect(object(frames[0])["type"] as? String == "chat_message")
        #expect(object(frames[0])["message"] as? String == "Hi, this is Olga")
        #expect(object(frames[0])["sender"] as? String == "operator")
        let data = try #require(object(frames[1])["data"] as? [String: Any])
        #expect(data["content"] as? String == "Hello from the desk")
        #expect(data["is_final"] as? Bool == true)
        #expect(data["connection_id"] as? String == ids[1])
    }
}
