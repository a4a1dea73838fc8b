import Foundation
import HTTP1
import HTTPServer
import Synchronization
import TestSupport
import Testing
import WebSocket

/// The open sockets of one test's server: added and removed on loop threads, read by the test.
final class SocketRegistry: Sendable {
    let open = Mutex<[UInt64: ServerWebSocket]>([:])
}

/// Echoes messages; "flood" makes it send 16 MiB at once; records its socket while open.
final class RecordingHandler: WebSocketHandler {
    let registry: SocketRegistry

    init(registry: SocketRegistry) {
        self.registry = registry
    }

    func webSocketDidOpen(_ socket: ServerWebSocket) {
        registry.open.withLock { $0[socket.id] = socket }
    }

    func webSocket(_ socket: ServerWebSocket, didReceiveText text: String) {
        if text == "flood" {
            let frame = WebSocketFrameEncoder.encodeText(String(repeating: "x", count: 1024))
            for _ in 0..<16384 { socket.send(encodedFrame: frame) }
        } else {
            socket.send(text: text)
        }
    }

    func webSocket(_ socket: ServerWebSocket, didReceiveBinary bytes: [UInt8]) {
        socket.send(encodedFrame: WebSocketFrameEncoder.encodeBinary(bytes))
    }

    func webSocketDidClose(_ socket: ServerWebSocket, code: WebSocketCloseCode?) {
        registry.open.withLock { $0[socket.id] = nil }
    }
}

@Suite struct WebSocketServerTests {
    static func routes(_ router: inout Router) {
        routes(registry: SocketRegistry())(&router)
    }

    static func routes(registry: SocketRegistry) -> (inout Router) -> Void {
        { router in
            router.addWebSocket(
                "/ws",
                WebSocketUpgrader { request in
                    guard request.query["token"] == "secret" else {
                        return .refuse(HTTPError.unauthorized().response)
                    }
                    return .accept(RecordingHandler(registry: registry))
                })
        }
    }

    static func connect(_ server: TestServer) throws -> TestWebSocketClient {
        try TestWebSocketClient.connect(port: server.port, path: "/ws?token=secret")
    }

    @Test func wrongTokenIsRefusedWith401BeforeTheUpgrade() async throws {
        let server = try TestServer.start(routes: Self.routes)
        defer { Task { await server.stop() } }
        let statuses = try await offPool {
            try ["/ws", "/ws?token=wrong"].map { path in
                try TestWebSocketClient(port: server.port).upgrade(path: path).status
            }
        }
        #expect(statuses == [401, 401])
    }

    @Test func textAndBinaryAreEchoedIncludingFragmentedAndRightBehindTheUpgrade() async throws {
        let server = try TestServer.start(routes: Self.routes)
        defer { Task { await server.stop() } }
        let messages = try await offPool {
            let client = try Self.connect(server)
            try client.send(text: "привет")
            let first = try client.receiveMessage()
            try client.send(binary: [0, 1, 2, 255])
            let second = try client.receiveMessage()
            let key = WebSocketMaskingKey(rawValue: 0x0102_0304)
            try client.send(
                raw: WebSocketFrame(opcode: .text, payload: Array("frag".utf8), isFinal: false).encoded(maskingKey: key)
            )
            try client.sendPing([9])
            try client.send(
                raw: WebSocketFrame(opcode: .continuation, payload: Array("ment".utf8)).encoded(maskingKey: key))
            let third = try client.receiveMessage()
            return [first, second, third]
        }
        #expect(messages == [.text("привет"), .binary([0, 1, 2, 255]), .text("fragment")])
    }

    @Test func oversizeMessageClosesWith1009() async throws {
        let server = try TestServer.start(routes: Self.routes)
        defer { Task { await server.stop() } }
        let reply = try await offPool {
            let client = try Self.connect(server)
            try client.send(text: String(repeating: "a", count: 64 * 1024 + 1))
            return try client.receiveMessage()
        }
        #expect(reply == .close(code: .messageTooBig, reason: reply.closeReason))
    }

    @Test func unmaskedFrameClosesWith1002AndBadUTF8With1007() async throws {
        let server = try TestServer.start(routes: Self.routes)
        defer { Task { await server.stop() } }
        let (unmasked, badText) = try await offPool {
            let one = try Self.connect(server)
            try one.send(raw: WebSocketFrameEncoder.encodeText("no mask"))
            let unmasked = try one.receiveMessage()
            let two = try Self.connect(server)
            try two.send(frame: WebSocketFrame(opcode: .text, payload: [0xC3, 0x28]))
            return (unmasked, try two.receiveMessage())
        }
        #expect(unmasked == .close(code: .protocolError, reason: unmasked.closeReason))
        #expect(badText == .close(code: .invalidPayload, reason: badText.closeReason))
    }

    @Test func aClientThatDoesNotReadIsClosedWith1013AndItsQueueFreed() async throws {
        let metrics = Metrics()
        let server = try TestServer.start(
            metrics: metrics, { $0.webSocket.closeTimeout = .milliseconds(500) }, routes: Self.routes)
        defer { Task { await server.stop() } }
        let sawClose = try await offPool {
            let client = try Self.connect(server)
            try client.send(text: "flood")
            Thread.sleep(forTimeInterval: 1.5)  // not reading: the server's queue fills
            // Drain what the kernel held; the stream ends with the 1013 close or the TCP close.
            while true {
                guard let message = try? client.receiveMessage(timeout: .seconds(2)) else { return true }
                if case .close(let code, _) = message { return code == .tryAgainLater }
            }
        }
        #expect(sawClose)
        #expect(metrics.render().contains("websocket_slow_consumer_closes_total 1"))
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(server.server.connectionCount == 0)
    }

    @Test func idleClientsArePingedAndDeadOnesDropped() async throws {
        let server = try TestServer.start(
            {
                $0.webSocket.pingInterval = .milliseconds(300)
                $0.webSocket.pongTimeout = .milliseconds(500)
            }, routes: Self.routes)
        defer { Task { await server.stop() } }
        let (pinged, dropped) = try await offPool {
            let alive = try Self.connect(server)
            let ping = try alive.receiveFrame(timeout: .seconds(2))
            try alive.sendPong(ping.payload)
            let dead = try Self.connect(server)
            dead.answersPings = false
            return (ping.opcode == .ping, try dead.waitForServerClose(timeout: .seconds(3)))
        }
        #expect(pinged)
        #expect(dropped)
    }

    @Test func aFrameEncodedOnceReachesEverySocketFromAnotherThread() async throws {
        let registry = SocketRegistry()
        let server = try TestServer.start({ $0.loopCount = 2 }, routes: Self.routes(registry: registry))
        defer { Task { await server.stop() } }
        let received = try await offPool {
            let clients = try (0..<40).map { _ in try Self.connect(server) }
            let deadline = Date().addingTimeInterval(2)
            while registry.open.withLock({ $0.count }) < 40 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            let frame = WebSocketFrameEncoder.encodeText("{\"type\":\"broadcast\"}")
            for socket in registry.open.withLock({ Array($0.values) }) { socket.send(encodedFrame: frame) }
            return try clients.map { try $0.receiveText() }
        }
        #expect(received == Array(repeating: "{\"type\":\"broadcast\"}", count: 40))
    }

    @Test func gracefulStopClosesWebSocketsWith1001() async throws {
        let server = try TestServer.start(routes: Self.routes)
        let opened = Mutex(false)
        async let stopping: Void = {
            while !opened.withLock({ $0 }) { try? await Task.sleep(nanoseconds: 10_000_000) }
            await server.stop()
        }()
        let message = try await offPool {
            let client = try Self.connect(server)
            opened.withLock { $0 = true }
            return try client.receiveMessage()
        }
        await stopping
        #expect(message == .close(code: .goingAway, reason: message.closeReason))
    }
}

extension TestWebSocketMessage {
    /// The reason of a close message (so tests compare codes, not wording).
    var closeReason: String {
        if case .close(_, let reason) = self { return reason }
        return ""
    }
}
