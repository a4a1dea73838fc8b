import WebSocket

/// A blocking WebSocket client for tests and benchmarks of the project's servers.
///
/// Connect, send the upgrade request (any path, query and headers), look at the
/// response (a test can assert a 401 before any upgrade), then exchange masked frames:
/// well-formed ones, or raw bytes for hostile tests. Every receive has a time-out.
/// The socket is closed in `deinit`.
///
///     let client = try TestWebSocketClient.connect(port: port, path: "/notify?token=secret")
///     try client.send(text: "{\"type\":\"ping\"}")
///     #expect(try client.receiveText().contains("pong"))
public final class TestWebSocketClient {
    /// The connection.
    public let socket: TestSocket
    /// The `Host` header of the upgrade request.
    public let host: String
    /// How long a receive may wait when no other time-out is given.
    public var timeout: Duration
    /// Whether ``receiveMessage(timeout:)`` answers pings with pongs (as a browser would).
    public var answersPings = true
    /// The payloads of the pongs ``receiveMessage(timeout:)`` skipped, oldest first.
    public private(set) var receivedPongs: [[UInt8]] = []
    /// The server's answer to the upgrade request, once sent.
    public private(set) var upgradeResponse: TestHTTPResponse?
    /// Decodes the server's (unmasked) frames.
    private var collector = WebSocketFrameCollector(role: .client, maxFrameBytes: 1 << 30)
    /// Frames decoded but not returned yet.
    private var pendingFrames: [WebSocketFrame] = []

    /// Opens the TCP connection; call ``upgrade(path:headers:)`` next.
    public init(host: String = "127.0.0.1", port: UInt16, timeout: Duration = .seconds(5)) throws {
        socket = try TestSocket(host: host, port: port, timeout: timeout)
        self.host = "\(host):\(port)"
        self.timeout = timeout
    }

    /// Connects and upgrades, throwing ``TestClientError/upgradeRefused(status:)`` unless the answer is 101.
    public static func connect(
        host: String = "127.0.0.1", port: UInt16, path: String = "/",
        headers: [(name: String, value: String)] = [], timeout: Duration = .seconds(5)
    ) throws -> TestWebSocketClient {
        let client = try TestWebSocketClient(host: host, port: port, timeout: timeout)
        let response = try client.upgrade(path: path, headers: headers)
        guard response.status == 101 else { throw TestClientError.upgradeRefused(status: response.status) }
        return client
    }

    /// Whether the server accepted the upgrade.
    public var isUpgraded: Bool { upgradeResponse?.status == 101 }

    /// Sends the upgrade request and reads the response.
    ///
    /// The standard fields (`Host`, `Upgrade`, `Connection`, `Sec-WebSocket-Key`,
    /// `Sec-WebSocket-Version`) are sent unless `headers` has a field of the same name,
    /// which replaces it. A 101 must carry the right `Sec-WebSocket-Accept`; any other
    /// status is returned with its body read, and the client stays a plain HTTP connection.
    @discardableResult
    public func upgrade(path: String = "/", headers: [(name: String, value: String)] = []) throws -> TestHTTPResponse {
        let key = WebSocketHandshake.makeClientKey()
        let defaults: [(name: String, value: String)] = [
            ("Host", host), ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", key),
            ("Sec-WebSocket-Version", "13"),
        ]
        let overridden = Set(headers.map { $0.name.lowercased() })
        var request = "GET \(path) HTTP/1.1\r\n"
        for (name, value) in defaults where !overridden.contains(name.lowercased()) {
            request += "\(name): \(value)\r\n"
        }
        for (name, value) in headers {
            request += "\(name): \(value)\r\n"
        }
        request += "\r\n"
        try socket.write(Array(request.utf8))
        let deadline = TestSocket.deadline(after: timeout)
        var response = try TestHTTPResponseReader.readHead(from: socket, before: deadline)
        if response.status == 101 {
            let sentKey = headers.first { $0.name.lowercased() == "sec-websocket-key" }?.value ?? key
            guard response.header("Sec-WebSocket-Accept") == WebSocketHandshake.acceptValue(forKey: sentKey) else {
                throw TestClientError.malformedResponse("wrong or missing Sec-WebSocket-Accept")
            }
        } else {
            response = try TestHTTPResponseReader.readBody(completing: response, from: socket, before: deadline)
        }
        upgradeResponse = response
        return response
    }

    /// Sends a frame, masked with a fresh key as RFC 6455 requires of clients.
    public func send(frame: WebSocketFrame) throws {
        try socket.write(frame.encoded(maskingKey: .random()))
    }

    /// Sends a single-frame text message.
    public func send(text: String) throws {
        try socket.write(WebSocketFrameEncoder.encodeText(text, maskingKey: .random()))
    }

    /// Sends a single-frame binary message.
    public func send(binary: [UInt8]) throws {
        try socket.write(WebSocketFrameEncoder.encodeBinary(binary, maskingKey: .random()))
    }

    /// Sends a ping.
    public func sendPing(_ payload: [UInt8] = []) throws {
        try socket.write(WebSocketFrameEncoder.encodePing(payload, maskingKey: .random()))
    }

    /// Sends a pong.
    public func sendPong(_ payload: [UInt8] = []) throws {
        try socket.write(WebSocketFrameEncoder.encodePong(payload, maskingKey: .random()))
    }

    /// Sends a close frame (without waiting for the answer; see ``close(code:reason:timeout:)``).
    public func sendClose(code: WebSocketCloseCode? = .normalClosure, reason: String = "") throws {
        try socket.write(WebSocketFrameEncoder.encodeClose(code: code, reason: reason, maskingKey: .random()))
    }

    /// Sends bytes exactly as given: broken frames, unmasked frames, half frames.
    public func send(raw bytes: [UInt8]) throws {
        try socket.write(bytes)
    }

    /// Receives the next frame of any kind, exactly as the server sent it (unmasked payload).
    public func receiveFrame(timeout: Duration? = nil) throws -> WebSocketFrame {
        try receiveFrame(before: TestSocket.deadline(after: timeout ?? self.timeout))
    }

    /// Receives the next whole message, assembling fragments; returns ``TestWebSocketMessage/close(code:reason:)``
    /// for the server's close frame.
    ///
    /// Pings are answered (see ``answersPings``) and pongs recorded in ``receivedPongs``;
    /// neither is returned. Text that is not valid UTF-8 throws a protocol error.
    public func receiveMessage(timeout: Duration? = nil) throws -> TestWebSocketMessage {
        let deadline = TestSocket.deadline(after: timeout ?? self.timeout)
        var opcode: WebSocketOpcode?
        var payload: [UInt8] = []
        while true {
            let frame = try receiveFrame(before: deadline)
            switch frame.opcode {
            case .ping:
                if answersPings { try sendPong(frame.payload) }
                continue
            case .pong:
                receivedPongs.append(frame.payload)
                continue
            case .close:
                return Self.closeMessage(frame.payload)
            case .text, .binary:
                guard opcode == nil else { throw Self.protocolError("new message inside a fragmented one") }
                opcode = frame.opcode
                payload = frame.payload
            case .continuation:
                guard opcode != nil else { throw Self.protocolError("continuation without a message") }
                payload += frame.payload
            }
            guard frame.isFinal else { continue }
            guard opcode == .text else { return .binary(payload) }
            guard UTF8Validator.isValid(payload) else {
                throw TestClientError.protocolError(
                    WebSocketProtocolError(.invalidPayload, "invalid UTF-8 from the server"))
            }
            return .text(String(decoding: payload, as: UTF8.self))
        }
    }

    /// Receives the next message and requires it to be text.
    public func receiveText(timeout: Duration? = nil) throws -> String {
        let message = try receiveMessage(timeout: timeout)
        guard case .text(let text) = message else { throw TestClientError.unexpectedMessage("\(message)") }
        return text
    }

    /// Runs the close handshake from our side: sends a close and returns the server's answer.
    ///
    /// Messages still arriving before the server's close are discarded.
    @discardableResult
    public func close(
        code: WebSocketCloseCode? = .normalClosure, reason: String = "", timeout: Duration? = nil
    ) throws -> TestWebSocketMessage {
        try sendClose(code: code, reason: reason)
        let deadline = TestSocket.deadline(after: timeout ?? self.timeout)
        while true {
            let frame = try receiveFrame(before: deadline)
            if frame.opcode == .close { return Self.closeMessage(frame.payload) }
        }
    }

    /// Whether the server closes the TCP connection within `timeout`; anything it sends meanwhile is discarded.
    public func waitForServerClose(timeout: Duration? = nil) throws -> Bool {
        do {
            _ = try socket.readToEnd(before: TestSocket.deadline(after: timeout ?? self.timeout))
            return true
        } catch TestClientError.timedOut {
            return false
        }
    }

    /// The next frame, from those already decoded or from new bytes.
    private func receiveFrame(before deadline: ContinuousClock.Instant) throws -> WebSocketFrame {
        while pendingFrames.isEmpty {
            guard let bytes = try socket.readAvailable(before: deadline) else {
                throw TestClientError.connectionClosed
            }
            do {
                pendingFrames = try collector.append(bytes)
            } catch {
                throw TestClientError.protocolError(error)
            }
        }
        return pendingFrames.removeFirst()
    }

    /// The message for a close frame's payload.
    private static func closeMessage(_ payload: [UInt8]) -> TestWebSocketMessage {
        guard payload.count >= 2 else { return .close(code: nil, reason: "") }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        return .close(code: code, reason: String(decoding: payload[2...], as: UTF8.self))
    }

    /// A protocol error from the server's side of the conversation.
    private static func protocolError(_ reason: String) -> TestClientError {
        .protocolError(WebSocketProtocolError(.protocolError, reason))
    }
}
