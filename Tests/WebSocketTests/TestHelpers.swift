import WebSocket

/// The masking key of the RFC 6455 §5.7 examples.
let exampleKey = WebSocketMaskingKey(0x37, 0xFA, 0x21, 0x3D)

/// A frame as a client sends it: masked with ``exampleKey``.
func clientFrame(_ opcode: WebSocketOpcode, _ payload: [UInt8], isFinal: Bool = true) -> [UInt8] {
    WebSocketFrameEncoder.encode(opcode: opcode, payload: payload, isFinal: isFinal, maskingKey: exampleKey)
}

/// A masked client text frame.
func clientText(_ text: String, isFinal: Bool = true) -> [UInt8] {
    clientFrame(.text, Array(text.utf8), isFinal: isFinal)
}

/// A masked client close frame with a raw payload (for malformed closes).
func clientClose(payload: [UInt8]) -> [UInt8] {
    clientFrame(.close, payload)
}

/// A masked client close frame with a code and a reason.
func clientClose(code: UInt16, reason: [UInt8] = []) -> [UInt8] {
    clientFrame(.close, [UInt8(code >> 8), UInt8(code & 0xFF)] + reason)
}

/// The close frame a server sends for `code` with `reason`.
func serverClose(_ code: WebSocketCloseCode, reason: String = "") -> [UInt8] {
    WebSocketFrameEncoder.encodeClose(code: code, reason: reason)
}

/// `bytes` cut at the given ascending positions.
func pieces(of bytes: [UInt8], cutAt cuts: [Int]) -> [[UInt8]] {
    var result: [[UInt8]] = []
    var start = 0
    for cut in cuts where cut > start && cut < bytes.count {
        result.append(Array(bytes[start..<cut]))
        start = cut
    }
    result.append(Array(bytes[start...]))
    return result
}

/// Every way of cutting `bytes` in two, plus one byte at a time.
func splits(of bytes: [UInt8]) -> [[[UInt8]]] {
    var result = (0...bytes.count).map { pieces(of: bytes, cutAt: [$0]) }
    result.append(bytes.map { [$0] })
    return result
}

/// Feeds `pieces` one after the other to a collector and returns all frames, or the error.
func collect(
    _ pieces: [[UInt8]], role: WebSocketRole = .server, maxFrameBytes: Int = 1 << 30
) -> Result<[WebSocketFrame], WebSocketProtocolError> {
    var collector = WebSocketFrameCollector(role: role, maxFrameBytes: maxFrameBytes)
    var frames: [WebSocketFrame] = []
    for piece in pieces {
        do throws(WebSocketProtocolError) {
            frames += try collector.append(piece)
        } catch {
            return .failure(error)
        }
    }
    return .success(frames)
}

/// The close code a decoding error carries, `nil` when decoding succeeded.
func errorCode(_ result: Result<[WebSocketFrame], WebSocketProtocolError>) -> WebSocketCloseCode? {
    if case .failure(let error) = result { return error.closeCode }
    return nil
}

/// Feeds `pieces` one after the other to `session` and returns all actions.
func feed(_ session: inout WebSocketSession, _ pieces: [[UInt8]]) -> [WebSocketAction] {
    var actions: [WebSocketAction] = []
    for piece in pieces {
        piece.withUnsafeBytes { session.receive($0, into: &actions) }
    }
    return actions
}

/// The actions of a fresh server session fed `pieces`.
func serverActions(_ pieces: [[UInt8]], limits: WebSocketLimits = .default) -> [WebSocketAction] {
    var session = WebSocketSession(limits: limits)
    return feed(&session, pieces)
}

/// The code of the close frame the session sent among `actions`, if any.
func sentCloseCode(_ actions: [WebSocketAction]) -> WebSocketCloseCode? {
    for case .send(let bytes) in actions {
        guard case .success(let frames) = collect([bytes], role: .client), let frame = frames.first,
            frame.opcode == .close
        else { continue }
        guard frame.payload.count >= 2 else { return nil }
        return WebSocketCloseCode(rawValue: UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]))
    }
    return nil
}

/// Whether the actions end the connection.
func closesConnection(_ actions: [WebSocketAction]) -> Bool {
    actions.last == .closeConnection
}

/// A small deterministic generator (SplitMix64), so random-looking tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `count` pseudo-random bytes.
func randomBytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}
