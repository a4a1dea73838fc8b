/// The protocol state machine of one WebSocket connection, without any I/O.
///
/// Feed it every byte read from the socket with ``receive(_:into:)``; it answers with
/// ``WebSocketAction``s for the I/O layer to carry out in order. It assembles fragmented
/// messages (control frames may be interleaved), validates text as UTF-8 as the bytes
/// arrive, answers pings, runs the close handshake (RFC 6455 §7) and fails the
/// connection with the right code on any protocol error. A value type owned by the one
/// thread that serves the connection; it never blocks and never allocates per byte.
///
/// Data the server sends is encoded with ``WebSocketFrameEncoder`` directly (unmasked, so
/// one encoding can go to many connections); check ``isOpen`` first, since nothing but
/// the close may be sent once a close frame went out.
public struct WebSocketSession: Sendable {
    /// Where the close handshake stands.
    public enum State: Sendable, Hashable {
        /// Messages flow both ways.
        case open
        /// We sent a close and wait for the peer's; incoming data is discarded.
        case closing
        /// The handshake finished or the connection failed; all input is ignored.
        case closed
    }

    /// Where the close handshake stands.
    public private(set) var state = State.open
    /// The size limits enforced on incoming frames and messages.
    public let limits: WebSocketLimits
    /// Which end this session plays (the server, except in the test client).
    public let role: WebSocketRole

    private var decoder: WebSocketFrameDecoder
    /// The frame whose payload is arriving.
    private var frame = WebSocketFrameHeader(isFinal: true, opcode: .continuation, payloadLength: 0, maskingKey: nil)
    /// `.text` or `.binary` while a message is being assembled, else `nil`.
    private var messageOpcode: WebSocketOpcode?
    /// The payload of the message being assembled, unmasked.
    private var messageBytes: [UInt8] = []
    /// The UTF-8 state of the text message being assembled.
    private var utf8 = UTF8Validator()
    /// The payload of the control frame being received (at most 125 bytes).
    private var controlBytes: [UInt8] = []

    /// Message buffers up to this capacity are kept for the next message; larger ones are
    /// freed, so a burst of big messages does not pin memory on an idle connection.
    private static let retainedCapacity = 4096

    /// A session in the open state, right after the handshake.
    public init(limits: WebSocketLimits = .default, role: WebSocketRole = .server) {
        self.limits = limits
        self.role = role
        decoder = WebSocketFrameDecoder(role: role, maxFrameBytes: min(limits.maxFrameBytes, limits.maxMessageBytes))
    }

    /// Whether data frames may still be sent (no close sent or received).
    public var isOpen: Bool { state == .open }

    /// Processes bytes read from the peer, appending the resulting actions to `actions`.
    ///
    /// The caller may keep one action array per event-loop thread and empty it (keeping
    /// its capacity) between connections. Once ``WebSocketAction/closeConnection`` has
    /// been produced, further input is ignored.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer, into actions: inout [WebSocketAction]) {
        guard state != .closed else { return }
        var offset = 0
        do throws(WebSocketProtocolError) {
            while state != .closed, let event = try decoder.nextEvent(in: bytes, offset: &offset) {
                switch event {
                case .frameStart(let header):
                    try begin(header)
                case .payload(let chunk):
                    try consume(chunk)
                case .frameEnd:
                    try finishFrame(into: &actions)
                }
            }
        } catch {
            fail(error, into: &actions)
        }
    }

    /// Processes bytes read from the peer and returns the resulting actions.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer) -> [WebSocketAction] {
        var actions: [WebSocketAction] = []
        receive(bytes, into: &actions)
        return actions
    }

    /// Processes a byte array read from the peer and returns the resulting actions.
    public mutating func receive(_ bytes: [UInt8]) -> [WebSocketAction] {
        bytes.withUnsafeBytes { receive($0) }
    }

    /// Starts a close from our side: returns the close frame to send and moves to ``State/closing``.
    ///
    /// The peer's close then produces ``WebSocketAction/closeConnection``. The I/O layer
    /// should also close the TCP connection itself if that answer does not come within a
    /// few seconds. Does nothing (returns no action) unless the session is open.
    public mutating func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") -> [WebSocketAction] {
        guard state == .open else { return [] }
        state = .closing
        releaseMessage()
        return [.send(WebSocketFrameEncoder.encodeClose(code: code, reason: reason, maskingKey: outgoingMaskingKey))]
    }

    /// The key for a frame we send: none from a server, a fresh random one from a client.
    private var outgoingMaskingKey: WebSocketMaskingKey? {
        role == .client ? WebSocketMaskingKey.random() : nil
    }

    /// Applies the sequencing and size rules to a new frame.
    private mutating func begin(_ header: WebSocketFrameHeader) throws(WebSocketProtocolError) {
        frame = header
        if header.opcode.isControl {
            controlBytes.removeAll(keepingCapacity: true)
            return
        }
        // While closing, data is discarded unread: only the peer's close matters now.
        guard state == .open else { return }
        if header.opcode == .continuation {
            guard messageOpcode != nil else {
                throw WebSocketProtocolError(.protocolError, "continuation frame without a message to continue")
            }
        } else {
            guard messageOpcode == nil else {
                throw WebSocketProtocolError(.protocolError, "new message before the fragmented one finished")
            }
            messageOpcode = header.opcode
        }
        // Checked before buffering anything: a message over the limit never takes memory.
        // No capacity is reserved from the announced length either, so a peer that
        // announces big frames and then trickles bytes only costs what it has sent.
        guard header.payloadLength <= limits.maxMessageBytes - messageBytes.count else {
            throw WebSocketProtocolError(
                .messageTooBig, "message over the limit of \(limits.maxMessageBytes) bytes")
        }
    }

    /// Stores a chunk of the current frame's payload, validating text as it arrives.
    private mutating func consume(_ chunk: WebSocketPayloadChunk) throws(WebSocketProtocolError) {
        if frame.opcode.isControl {
            chunk.appendUnmasked(to: &controlBytes)
            return
        }
        guard state == .open else { return }
        let start = messageBytes.count
        chunk.appendUnmasked(to: &messageBytes)
        if messageOpcode == .text {
            // Fail fast: the new bytes are checked now, not when the message completes.
            let isValid = messageBytes.withUnsafeBytes { all in
                utf8.validate(UnsafeRawBufferPointer(rebasing: all[start...]))
            }
            guard isValid else {
                throw WebSocketProtocolError(.invalidPayload, "invalid UTF-8 in a text message")
            }
        }
    }

    /// Acts on a frame whose payload is complete.
    private mutating func finishFrame(into actions: inout [WebSocketAction]) throws(WebSocketProtocolError) {
        switch frame.opcode {
        case .continuation, .text, .binary:
            guard frame.isFinal, state == .open else { return }
            try deliverMessage(into: &actions)
        case .ping:
            guard state == .open else { return }
            actions.append(.ping(controlBytes))
            actions.append(
                .send(WebSocketFrameEncoder.encodePong(controlBytes, maskingKey: outgoingMaskingKey)))
        case .pong:
            guard state == .open else { return }
            actions.append(.pong(controlBytes))
        case .close:
            try receiveClose(into: &actions)
        }
    }

    /// Hands the assembled message over and gets ready for the next one.
    private mutating func deliverMessage(into actions: inout [WebSocketAction]) throws(WebSocketProtocolError) {
        let opcode = messageOpcode
        messageOpcode = nil
        if opcode == .text {
            guard utf8.isAtCharacterBoundary else {
                throw WebSocketProtocolError(.invalidPayload, "text message ends inside a UTF-8 sequence")
            }
            utf8.reset()
            actions.append(.text(String(decoding: messageBytes, as: UTF8.self)))
            messageBytes.removeAll(keepingCapacity: messageBytes.capacity <= Self.retainedCapacity)
        } else {
            // The array is handed over whole; the next message starts a new one.
            actions.append(.binary(messageBytes))
            messageBytes = []
        }
    }

    /// Validates the peer's close frame and finishes the handshake (RFC 6455 §5.5.1, §7.4).
    private mutating func receiveClose(into actions: inout [WebSocketAction]) throws(WebSocketProtocolError) {
        var code: WebSocketCloseCode?
        var reason = ""
        if controlBytes.count == 1 {
            throw WebSocketProtocolError(.protocolError, "close frame with a one-byte payload")
        }
        if controlBytes.count >= 2 {
            let received = WebSocketCloseCode(rawValue: UInt16(controlBytes[0]) << 8 | UInt16(controlBytes[1]))
            guard received.isValidInCloseFrame else {
                throw WebSocketProtocolError(.protocolError, "invalid close code \(received.rawValue)")
            }
            let reasonBytes = controlBytes[2...]
            let isValid = reasonBytes.withUnsafeBytes { UTF8Validator.isValid($0) }
            guard isValid else {
                throw WebSocketProtocolError(.invalidPayload, "invalid UTF-8 in the close reason")
            }
            code = received
            reason = String(decoding: reasonBytes, as: UTF8.self)
        }
        actions.append(.closeReceived(code: code, reason: reason))
        if state == .open {
            actions.append(
                .send(
                    WebSocketFrameEncoder.encodeClose(
                        code: code ?? .normalClosure, maskingKey: outgoingMaskingKey)))
        }
        finish(into: &actions)
    }

    /// Fails the connection: a close frame with the error's code when one may still be sent, then the end.
    private mutating func fail(_ error: WebSocketProtocolError, into actions: inout [WebSocketAction]) {
        actions.append(.protocolError(error))
        if state == .open {
            actions.append(
                .send(
                    WebSocketFrameEncoder.encodeClose(
                        code: error.closeCode, reason: error.reason, maskingKey: outgoingMaskingKey)))
        }
        finish(into: &actions)
    }

    /// Moves to ``State/closed``, frees the buffers and tells the I/O layer to close.
    private mutating func finish(into actions: inout [WebSocketAction]) {
        state = .closed
        releaseMessage()
        controlBytes = []
        actions.append(.closeConnection)
    }

    /// Drops any partly assembled message and its memory.
    private mutating func releaseMessage() {
        messageOpcode = nil
        messageBytes = []
        utf8.reset()
    }
}
