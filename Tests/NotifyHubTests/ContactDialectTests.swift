import ChatState
import Foundation
import Redis
import TestSupport
import Testing
import WebSocket

@testable import NotifyHub

/// `/contact`, the original contact-service dialect (CONTRACT §6), against a real Redis.
@Suite(.enabled(if: testRedisURL != nil, "needs TEST_REDIS_URL (make test starts Redis)"))
struct ContactDialectTests {
    @Test func connectingGivesAClientIDAndReconnectingWithItKeepsTheChat() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let (first, second) = try await offPool {
            let first = try harness.contact().receiveText()
            let id = object(first)["client_id"] as? String ?? ""
            let client = try harness.contact(query: "?client_id=\(id.uppercased())")
            let second = try client.receiveText()
            try client.send(text: "{\"type\":\"chat_message\",\"message\":\"vpn?\",\"timestamp\":\"t\"}")
            _ = try client.receiveText()
            _ = try client.receiveText()
            return (first, second)
        }
        #expect(keys(first) == ["client_id", "message", "timestamp", "type"])
        #expect(object(first)["type"] as? String == "connection_established")
        let id = try #require(object(first)["client_id"] as? String)
        #expect(UUID(uuidString: id) != nil)
        #expect(object(second)["client_id"] as? String == id)
        #expect(harness.desk.requests.last?.chatID == "web-\(id)")
        #expect(harness.desk.requests.last?.channel == "web")
    }

    @Test func aClientIDThatIsNotAUUIDIsRefusedBeforeTheUpgrade() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let port = harness.port
        let status = try await offPool {
            try TestWebSocketClient(port: port).upgrade(path: "/contact?client_id=..%2Fetc").status
        }
        #expect(status == 400)
    }

    @Test func aChatMessageIsAcknowledgedThenAnsweredOrTicketed() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let frames = try await offPool {
            let client = try harness.contact()
            _ = try client.receiveText()
            var frames: [String] = []
            for question in ["How do I use the VPN?", "My printer is on fire"] {
                try client.send(text: "{\"type\":\"chat_message\",\"message\":\"\(question)\",\"timestamp\":\"now\"}")
                frames += [try client.receiveText(), try client.receiveText()]
            }
            return frames
        }
        #expect(object(frames[0])["type"] as? String == "chat_message_received")
        #expect(keys(frames[0]) == ["message", "timestamp", "type"])
        #expect(object(frames[1])["type"] as? String == "chat_message")
        #expect(object(frames[1])["message"] as? String == StandInDesk.faqAnswer)
        #expect(keys(frames[1]) == ["message", "sender", "timestamp", "type"])
        #expect(object(frames[2])["type"] as? String == "chat_message_received")
        let notice = try #require(object(frames[3])["message"] as? String)
        #expect(notice.hasPrefix("📝 Your request is registered!\n\nTicket: #42\nCategory: VPN\nPriority: high"))
    }

    @Test func aContactRequestIsAcknowledgedAndPublishedAsNewSession() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let seen = Recorder<String>()
        let subscriber = try RedisSubscriber(url: try RedisURL(testRedisURL ?? ""))
        defer { subscriber.stop() }
        try await subscriber.subscribe([harness.channel]) { _, payload in
            seen.append(String(decoding: payload, as: UTF8.self))
        }
        let (id, ack) = try await offPool {
            let client = try harness.contact()
            let id = object(try client.receiveText())["client_id"] as? String ?? ""
            try client.send(
                text:
                    "{\"type\":\"contact_request\",\"message\":\"Call me\",\"timestamp\":\"t\",\"userAgent\":\"UA\",\"name\":\"Ann\"}"
            )
            return (id, try client.receiveText())
        }
        #expect(object(ack)["type"] as? String == "contact_request_received")
        #expect(keys(ack) == ["message", "timestamp", "type"])
        for _ in 0..<200 where seen.all.isEmpty { try await Task.sleep(nanoseconds: 10_000_000) }
        let event = object(try #require(seen.all.first))
        #expect(event["type"] as? String == "new_session")
        #expect(event["id"] != nil)
        let data = try #require(event["data"] as? [String: Any])
        #expect(
            data.keys.sorted() == [
                "action", "created_at", "factor", "first_name", "last_name", "message", "response", "session_id",
                "user_id",
                "username",
            ])
        #expect(data["user_id"] as? String == "web-\(id)")
        #expect(data["message"] as? String == "Call me")
        #expect(data["first_name"] as? String == "Ann")
        #expect(data["action"] as? String == "asking_freely")
        #expect(data["factor"] as? String == "user")
    }

    @Test func contactRequestsPerChatAreLimitedSoAdminsAreNotPagedInALoop() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let answers = try await offPool {
            let client = try harness.contact()
            _ = try client.receiveText()
            return try (0..<3).map { _ in
                try client.send(text: "{\"type\":\"contact_request\",\"message\":\"Call me\"}")
                return object(try client.receiveText())["type"] as? String ?? ""
            }
        }
        #expect(answers == ["contact_request_received", "contact_request_received", "error"])
    }

    @Test func inOperatorModeTheMessageIsStoredForOperatorsAndNotAnswered() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let id = UUID().uuidString.lowercased()
        try await ChatModeStore(redis: harness.redis).setMode(.operator, of: "web-\(id)")
        let frames = try await offPool {
            let client = try harness.contact(query: "?client_id=\(id)")
            _ = try client.receiveText()
            try client.send(text: "{\"type\":\"chat_message\",\"message\":\"Hello operator\",\"timestamp\":\"t\"}")
            let received = try client.receiveText()
            try client.send(text: "{\"type\":\"ping\"}")
            return [received, try client.receiveText()]
        }
        #expect(object(frames[0])["type"] as? String == "chat_message_received")
        #expect(object(frames[1])["type"] as? String == "pong")
        // Stored in a task after the acknowledgement: give it a moment.
        for _ in 0..<200 where harness.desk.stored.isEmpty { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(harness.desk.stored.map(\.chatID) == ["web-\(id)"])
        #expect(harness.desk.requests.isEmpty)
    }

    @Test func badInputGetsAnErrorFrameAndTheSocketStaysOpen() async throws {
        let harness = try await HubHarness()
        defer { Task { await harness.stop() } }
        let (errors, pong, oversize) = try await offPool {
            let client = try harness.contact()
            _ = try client.receiveText()
            var errors: [String] = []
            for bad in [
                "not json", "[1,2]", "{\"type\":\"dance\"}", "{}", "{\"type\":\"chat_message\",\"message\":\"  \"}",
                "{\"type\":\"contact_request\"}",
            ] {
                try client.send(text: bad)
                errors.append(try client.receiveText())
            }
            try client.send(binary: [0xDE, 0xAD])
            errors.append(try client.receiveText())
            try client.send(text: "{\"type\":\"ping\"}")
            let pong = try client.receiveText()
            try client.send(text: String(repeating: "x", count: 64 * 1024 + 1))
            return (errors, pong, try client.receiveMessage())
        }
        #expect(errors.count == 7)
        for error in errors {
            #expect(object(error)["type"] as? String == "error")
            #expect(keys(error) == ["message", "type"])
        }
        #expect(object(errors[2])["message"] as? String == "unknown message type 'dance'")
        #expect(object(pong)["type"] as? String == "pong")
        #expect(closeCode(oversize) == .messageTooBig)
    }

    @Test func whenIngestAPIIsDownTheVisitorIsToldAndTheSocketStaysOpen() async throws {
        // The real client, pointed at a port nothing listens on.
        let harness = try await HubHarness(realDesk: true, backendURL: "http://127.0.0.1:9")
        defer { Task { await harness.stop() } }
        let frames = try await offPool {
            let client = try harness.contact()
            _ = try client.receiveText()
            try client.send(text: "{\"type\":\"chat_message\",\"message\":\"anyone?\",\"timestamp\":\"t\"}")
            let frames = [try client.receiveText(), try client.receiveText()]
            try client.send(text: "{\"type\":\"ping\"}")
            return frames + [try client.receiveText()]
        }
        #expect(object(frames[1])["type"] as? String == "error")
        #expect(object(frames[1])["message"] as? String == VisitorTexts.of(.en).unreachable)
        #expect(object(frames[2])["type"] as? String == "pong")
    }
}

/// The code of a close message; nil for any other message.
func closeCode(_ message: TestWebSocketMessage) -> WebSocketCloseCode? {
    if case .close(let code, _) = message { return code }
    return nil
}
