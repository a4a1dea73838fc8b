import WebSocket

/// Runs one input, taken as bytes a client sent after the handshake, checking that:
/// - `UTF8Validator`, whole and in pieces, agrees with the standard library's `String(validating:as:)`;
/// - a server `WebSocketSession` (1 KiB and default limits) gives the same actions however the
///   bytes are cut into reads, and those actions keep the session's promises (see `checkActions`);
/// - the messages it delivers are those of a slow reference (whole frames, text checked by the
///   standard library);
/// - once the server started the close handshake, no message, ping or pong gets through.
func fuzzOne(_ bytes: UnsafeRawBufferPointer) {
    let input = Array(bytes)
    let cuts = cutPoints(of: input)
    checkUTF8Validator(input, cuts: cuts)
    for limits in [WebSocketLimits(maxMessageBytes: 1024), .default] {
        let whole = receive([input[...]], limits: limits)
        for cut in cuts {
            let split = receive(pieces(of: input, cutAt: cut), limits: limits)
            check(split == whole, "\(describe(cut)) changed the actions from \(whole) to \(split)")
        }
        let messages = whole.filter { if case .text = $0 { true } else if case .binary = $0 { true } else { false } }
        let expected = expectedMessages(input, limits: limits)
        check(messages == expected, "delivered \(messages), expected \(expected)")
        _ = receive(pieces(of: input, cutAt: [input.count / 2]), limits: limits, closingAfter: 1)
    }
}

/// The standard library's verdict on UTF-8 must be the validator's, however the text is cut.
func checkUTF8Validator(_ input: [UInt8], cuts: [[Int]]) {
    let expected = String(validating: input, as: UTF8.self) != nil
    check(UTF8Validator.isValid(input) == expected, "UTF8Validator says \(!expected) for \(input)")
    for cut in cuts {
        var validator = UTF8Validator()
        var isValid = true
        for piece in pieces(of: input, cutAt: cut) {
            let pieceIsValid = piece.withUnsafeBytes { validator.validate($0) }
            check(isValid || !pieceIsValid, "UTF8Validator accepts input again after refusing it")
            isValid = pieceIsValid
        }
        check(
            (isValid && validator.isAtCharacterBoundary) == expected,
            "UTF8Validator says \(!expected) for \(input) cut at \(cut)")
    }
}

/// Feeds `pieces` to a fresh server session and returns every action, checking each read's.
/// With `closingAfter`, the server starts the close handshake after that many reads.
func receive(_ pieces: [ArraySlice<UInt8>], limits: WebSocketLimits, closingAfter: Int? = nil) -> [WebSocketAction] {
    var session = WebSocketSession(limits: limits)
    var all: [WebSocketAction] = []
    var hasClosedConnection = false
    for (index, piece) in pieces.enumerated() {
        if index == closingAfter {
            let wasOpen = session.isOpen
            let sent = session.close(code: .goingAway, reason: "fuzz")
            check(sent.count == (wasOpen ? 1 : 0) && !session.isOpen, "close() from \(session.state) gave \(sent)")
            for case .send(let bytes) in sent {
                check(closeCode(sentFrame(bytes)) == .goingAway, "close() sent \(bytes)")
            }
        }
        var actions: [WebSocketAction] = []
        piece.withUnsafeBytes { session.receive($0, into: &actions) }
        check(!hasClosedConnection || actions.isEmpty, "actions after closeConnection: \(actions)")
        checkActions(actions, limits: limits, isServerClosing: closingAfter.map { index >= $0 } ?? false)
        hasClosedConnection = hasClosedConnection || actions.last == .closeConnection
        check(hasClosedConnection == (session.state == .closed), "state \(session.state) after \(actions)")
        all += actions
    }
    return all
}

/// The order and content rules of one read's actions.
func checkActions(_ actions: [WebSocketAction], limits: WebSocketLimits, isServerClosing: Bool) {
    for (index, action) in actions.enumerated() {
        let next = index + 1 < actions.count ? actions[index + 1] : nil
        let followedBy = "followed by \(next.map { "\($0)" } ?? "nothing")"
        switch action {
        case .text(let text):
            check(!isServerClosing && text.utf8.count <= limits.maxMessageBytes, "text \(text.utf8.count) bytes")
        case .binary(let bytes):
            check(!isServerClosing && bytes.count <= limits.maxMessageBytes, "binary of \(bytes.count) bytes")
        case .ping(let payload):
            check(!isServerClosing && payload.count <= 125, "ping of \(payload.count) bytes")
            check(next == .send(WebSocketFrameEncoder.encodePong(payload)), "ping \(followedBy)")
        case .pong(let payload):
            check(!isServerClosing && payload.count <= 125, "pong of \(payload.count) bytes")
        case .send(let bytes):
            let frame = sentFrame(bytes)
            let answersPing = index > 0 && actions[index - 1] == .ping(frame.payload) && frame.opcode == .pong
            let closes = frame.opcode == .close && next == .closeConnection
            check(answersPing || closes, "sent \(frame) after \(actions[..<index])")
        case .closeReceived(let code, let reason):
            check(code?.isValidInCloseFrame ?? reason.isEmpty, "close received with \(action)")
            if case .send(let bytes) = next {
                check(!isServerClosing && closeCode(sentFrame(bytes)) == code ?? .normalClosure, "close not echoed")
            } else {
                check(isServerClosing && next == .closeConnection, "closeReceived \(followedBy)")
            }
        case .protocolError(let error):
            if case .send(let bytes) = next {
                check(!isServerClosing && closeCode(sentFrame(bytes)) == error.closeCode, "\(error) \(followedBy)")
            } else {
                check(isServerClosing && next == .closeConnection, "\(error) \(followedBy)")
            }
        case .closeConnection:
            check(next == nil, "closeConnection \(followedBy)")
        }
    }
}

/// The single, final frame in bytes the server sends; traps on anything else.
func sentFrame(_ bytes: [UInt8]) -> WebSocketFrame {
    var collector = WebSocketFrameCollector(role: .client)
    let frames = try? collector.append(bytes)
    guard let frames, frames.count == 1, frames[0].isFinal, collector.isAtFrameBoundary else {
        fatalError("the server sent \(bytes), not one whole frame")
    }
    return frames[0]
}

/// The code of a close frame the server sent; traps when its payload is not a valid close payload.
func closeCode(_ frame: WebSocketFrame) -> WebSocketCloseCode? {
    check(frame.opcode == .close && frame.payload.count >= 2, "sent \(frame), expected a close with a code")
    let code = WebSocketCloseCode(rawValue: UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]))
    check(code.isValidInCloseFrame, "sent close code \(code)")
    check(String(validating: frame.payload[2...], as: UTF8.self) != nil, "sent a close reason that is not UTF-8")
    return code
}

/// The messages a correct server delivers for `input`, found the slow way: whole frames one
/// byte at a time from `WebSocketFrameCollector`, stopping at the first error or close frame,
/// text checked by the standard library once its message is complete.
func expectedMessages(_ input: [UInt8], limits: WebSocketLimits) -> [WebSocketAction] {
    var collector = WebSocketFrameCollector(
        role: .server, maxFrameBytes: min(limits.maxFrameBytes, limits.maxMessageBytes))
    var frames: [WebSocketFrame] = []
    input.withUnsafeBytes { all in
        for index in all.indices {
            guard let more = try? collector.append(UnsafeRawBufferPointer(rebasing: all[index...index])) else { return }
            frames += more
        }
    }
    var messages: [WebSocketAction] = []
    var opcode: WebSocketOpcode?
    var message: [UInt8] = []
    for frame in frames {
        switch frame.opcode {
        case .close: return messages
        case .ping, .pong: continue
        case .text, .binary:
            guard opcode == nil else { return messages }
            opcode = frame.opcode
        case .continuation:
            guard opcode != nil else { return messages }
        }
        message += frame.payload
        guard message.count <= limits.maxMessageBytes else { return messages }
        guard frame.isFinal else { continue }
        if opcode == .binary {
            messages.append(.binary(message))
        } else {
            guard let text = String(validating: message, as: UTF8.self) else { return messages }
            messages.append(.text(text))
        }
        opcode = nil
        message = []
    }
    return messages
}
