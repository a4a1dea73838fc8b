import Foundation
import TestSupport
import Testing

@testable import NotifyHub

/// Issue 15, item 4 (CONTRACT §6): the pipeline REST calls that read or change a
/// conversation need the admin token; the counts stay public; connection ids (each one a
/// chat) are shown to admins only.
@Suite(.enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct ConversationPrivacyTests {
    @Test func anOutsiderNeitherReadsNorResetsAConversationNorLearnsConnectionIDs() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let pipeline = "p-\(UUID().uuidString.prefix(8))"
        let (client, connectionID) = try await offPool {
            let client = try harness.pipeline(pipeline)
            let connected = object(try client.receiveText())
            try client.send(text: PipelineDialectTests.message("vpn please"))
            _ = try client.receiveText()
            return (Handed([client]), connected["connection_id"] as? String ?? "")
        }
        let base = "/api/v1/pipelines/\(pipeline)/ws"
        let wrongToken = [(name: "Authorization", value: "Bearer not-the-token")]

        // Reading: 401 in the envelope without the token or with a wrong one.
        for headers in [[], wrongToken] {
            let read = try await harness.rest("GET", base + "/messages/person", headers: headers)
            #expect(read.status == 401)
            #expect(object(read.bodyText)["code"] as? Int == 401 && object(read.bodyText)["data"] is NSNull)
            #expect(!read.bodyText.contains("vpn please"))
        }
        // Resetting: refused, and the conversation is still there.
        for headers in [[], wrongToken] {
            let reset = try await harness.rest("POST", base + "/reset/person", headers: headers)
            #expect(reset.status == 401)
        }
        // (The answer is kept just after it is sent: wait for it.)
        var messages: [[String: Any]] = []
        for _ in 0..<100 where messages.count < 2 {
            let kept = try await harness.rest("GET", base + "/messages/person", admin: true)
            #expect(kept.status == 200)
            messages = (object(kept.bodyText)["data"] as? [String: Any])?["messages"] as? [[String: Any]] ?? []
            if messages.count < 2 { try await Task.sleep(nanoseconds: 10_000_000) }
        }
        #expect(messages.map { $0["content"] as? String ?? "" } == ["vpn please", StandInDesk.faqAnswer])

        // The counts stay public; the listing names no connection id without the token.
        let anonymous = try await harness.rest("GET", base + "/connections")
        #expect(anonymous.status == 200)
        let publicData = try #require(object(anonymous.bodyText)["data"] as? [String: Any])
        #expect((publicData["stats"] as? [String: Any])?["total_connections"] as? Int == 1)
        let publicList = try #require(publicData["connections"] as? [[String: Any]])
        #expect(publicList.count == 1)
        #expect(publicList.allSatisfy { $0["connection_id"] == nil && $0["session_type"] as? String == "person" })
        #expect(!anonymous.bodyText.contains(connectionID))
        // A wrong token is not taken for an admin (nor quietly for an outsider).
        #expect(try await harness.rest("GET", base + "/connections", headers: wrongToken).status == 401)
        // An admin sees the ids.
        let admin = try await harness.rest("GET", base + "/connections", admin: true)
        let adminList = (object(admin.bodyText)["data"] as? [String: Any])?["connections"] as? [[String: Any]] ?? []
        #expect(adminList.compactMap { $0["connection_id"] as? String } == [connectionID])

        // With the token, reset works as before.
        let reset = try await harness.rest("POST", base + "/reset/person", admin: true)
        #expect(reset.status == 200)
        let after = try await harness.rest("GET", base + "/messages/person", admin: true)
        #expect(((object(after.bodyText)["data"] as? [String: Any])?["messages"] as? [Any])?.isEmpty == true)
        _ = client
    }
}
