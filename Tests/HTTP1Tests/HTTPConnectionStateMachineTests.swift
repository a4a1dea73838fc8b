import Testing

@testable import HTTP1

/// The connection state machine, driven without sockets: bytes in, actions out, time by hand.
@Suite struct HTTPConnectionStateMachineTests {
    // MARK: Keep-alive

    @Test func anHTTP11RequestIsAnsweredAndTheConnectionWaitsForTheNext() {
        var connection = ConnectionHarness()
        connection.receive(get("/a"))
        #expect(connection.handled.map(\.request.target) == ["/a"])
        #expect(!connection.machine.wantsToRead)
        connection.respond(text: "hello")
        let output = connection.takeOutput()
        #expect(output.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(output.hasSuffix("\r\n\r\nhello"))
        #expect(!output.contains("Connection: close"))
        #expect(!connection.closed)
        #expect(connection.machine.wantsToRead)
        connection.receive(get("/b"))
        #expect(connection.handled.map(\.request.target) == ["/a", "/b"])
    }

    @Test func connectionCloseIsHonouredOnceTheAnswerIsWritten() {
        var connection = ConnectionHarness()
        connection.socketTakesEverything = false
        connection.receive(get("/a", "Connection: close\r\n"))
        connection.respond(text: "bye")
        #expect(connection.takeOutput().contains("Connection: close\r\n"))
        #expect(!connection.closed)
        connection.drain()
        #expect(connection.closed)
    }

    @Test func http10ClosesUnlessItAsksForKeepAlive() {
        var plain = ConnectionHarness()
        plain.receive("GET /a HTTP/1.0\r\n\r\n")
        plain.respond(text: "one")
        #expect(plain.takeOutput().contains("Connection: close\r\n"))
        #expect(plain.closed)

        var kept = ConnectionHarness()
        kept.receive("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        kept.respond(text: "one")
        #expect(!kept.takeOutput().contains("Connection: close"))
        #expect(!kept.closed)
    }

    @Test func aHalfClosedPeerGetsItsAnswerAndThenTheConnectionCloses() {
        var idle = ConnectionHarness()
        idle.peerClosedInput()
        #expect(idle.closed)

        var answering = ConnectionHarness()
        answering.socketTakesEverything = false
        answering.receive(get("/a"))
        answering.respond(text: "late")
        answering.peerClosedInput()
        #expect(!answering.closed)
        answering.drain()
        #expect(answering.closed)
    }

    // MARK: Pipelining

    @Test func pipelinedRequestsAreHandedOutOneAtATimeAndAnsweredInOrder() {
        var connection = ConnectionHarness()
        connection.receive(get("/1") + get("/2") + get("/3"))
        #expect(connection.handled.map(\.request.target) == ["/1"])
        connection.respond(text: "one")
        #expect(connection.handled.map(\.request.target) == ["/1", "/2"])
        connection.respond(text: "two")
        connection.respond(text: "three")
        let output = connection.takeOutput()
        let bodies = ["one", "two", "three"].map { output.range(of: "\r\n\r\n\($0)")?.lowerBound }
        #expect(bodies.allSatisfy { $0 != nil })
        #expect(bodies.compactMap { $0 } == bodies.compactMap { $0 }.sorted())
        #expect(connection.records.map(\.status) == [200, 200, 200])
    }

    @Test func anAnswerForAnotherRequestIsIgnored() {
        var connection = ConnectionHarness()
        connection.receive(get("/1") + get("/2"))
        connection.respond(text: "stray", to: connection.lastID + 1)
        #expect(connection.takeOutput().isEmpty)
        #expect(connection.handled.count == 1)
    }

    @Test func aFullOutputQueueHoldsBackTheNextRequestUntilItDrains() {
        var connection = ConnectionHarness { $0.maxPendingWriteBytes = 64 }
        connection.socketTakesEverything = false
        connection.receive(get("/1") + get("/2"))
        connection.respond(text: String(repeating: "x", count: 100))
        #expect(connection.handled.count == 1)
        #expect(!connection.machine.wantsToRead)
        connection.drain()
        #expect(connection.handled.map(\.request.target) == ["/1", "/2"])
    }

    // MARK: Time-outs

    @Test func aHeadNotCompleteTenSecondsAfterItsFirstByteGets408AndTheConnectionCloses() {
        var connection = ConnectionHarness()
        connection.receive("GET /a HTTP/1.1\r\n")
        connection.tick(after: 6)
        connection.receive("Host: x\r\n")  // still dribbling: the deadline does not move
        connection.tick(after: 3.9)
        #expect(connection.takeOutput().isEmpty)
        connection.tick(after: 0.2)
        #expect(connection.takeOutput().hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(connection.closed)
        #expect(connection.records.map(\.status) == [408])
        #expect(connection.records.first?.requestID == nil)
    }

    @Test func aBodyNotCompleteWithinTheBodyTimeoutGets408() {
        var connection = ConnectionHarness()
        connection.receive("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        connection.tick(after: 29)
        #expect(connection.takeOutput().isEmpty)
        connection.tick(after: 2)
        #expect(connection.takeOutput().hasPrefix("HTTP/1.1 408 "))
        #expect(connection.closed)
        #expect(connection.handled.isEmpty)
    }

    @Test func anIdleKeepAliveConnectionClosesAfterSixtySeconds() {
        var connection = ConnectionHarness()
        connection.receive(get("/a"))
        connection.respond(text: "ok")
        _ = connection.takeOutput()
        connection.tick(after: 59)
        #expect(!connection.closed)
        connection.tick(after: 2)
        #expect(connection.closed)
        #expect(connection.takeOutput().isEmpty)
    }

    @Test func aHandlerSlowerThanThirtySecondsGets503AndItsLateAnswerIsDropped() {
        var connection = ConnectionHarness()
        connection.receive(get("/slow") + get("/next"))
        let slow = connection.lastID
        connection.tick(after: 29)
        #expect(connection.takeOutput().isEmpty)
        connection.tick(after: 2)
        let output = connection.takeOutput()
        #expect(output.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        #expect(output.contains("Connection: close\r\n"))
        #expect(output.contains("\"timeout\""))
        #expect(connection.closed)
        #expect(connection.handled.count == 1)
        #expect(connection.records.map(\.requestID) == [slow])
    }

    @Test func aClientThatStopsReadingIsDroppedAfterTheIdleTimeout() {
        var connection = ConnectionHarness()
        connection.socketTakesEverything = false
        connection.receive(get("/a"))
        connection.respond(text: "unread")
        connection.tick(after: 59)
        #expect(!connection.closed)
        connection.tick(after: 2)
        #expect(connection.closed)
    }

    // MARK: Streaming

    @Test func aStreamedBodyIsChunkedAndThePipelinedRequestWaitsForItsEnd() {
        var connection = ConnectionHarness()
        connection.receive(get("/events") + get("/after"))
        connection.respond(.streaming(headers: ["Content-Type": "text/event-stream"]) { _ in })
        #expect(connection.streams == [connection.lastID])
        #expect(connection.streamWrite("data: one\n\n") == .accepted)
        #expect(connection.streamWrite("data: two\n\n") == .accepted)
        #expect(connection.handled.count == 1)
        connection.streamFinished()
        let output = connection.takeOutput()
        #expect(output.contains("Transfer-Encoding: chunked\r\n"))
        #expect(output.hasSuffix("\r\n\r\nb\r\ndata: one\n\n\r\nb\r\ndata: two\n\n\r\n0\r\n\r\n"))
        #expect(connection.handled.map(\.request.target) == ["/events", "/after"])
        #expect(!connection.closed)
    }

    @Test func aStreamIsAbandonedOnlyWhenItProducesNothingForThirtySeconds() {
        var connection = ConnectionHarness()
        connection.receive(get("/events"))
        connection.respond(.streaming(headers: [:]) { _ in })
        for _ in 0..<3 {
            connection.tick(after: 20)
            #expect(connection.streamWrite("tick") == .accepted)
        }
        #expect(!connection.closed)
        connection.tick(after: 31)
        #expect(connection.closed)
        #expect(connection.streamWrite("late") == .gone)
    }

    @Test func anHTTP10StreamIsSentRawAndEndsByClosing() {
        var connection = ConnectionHarness()
        connection.receive("GET /events HTTP/1.0\r\n\r\n")
        connection.respond(.streaming(headers: [:]) { _ in })
        _ = connection.streamWrite("raw bytes")
        connection.streamFinished()
        let output = connection.takeOutput()
        #expect(!output.contains("chunked"))
        #expect(output.contains("Connection: close\r\n"))
        #expect(output.hasSuffix("\r\n\r\nraw bytes"))
        #expect(connection.closed)
    }

    @Test func aStreamThatFailsClosesTheConnection() {
        var connection = ConnectionHarness()
        connection.receive(get("/events") + get("/after"))
        connection.respond(.streaming(headers: [:]) { _ in })
        connection.streamFailed()
        #expect(connection.closed)
        #expect(connection.handled.count == 1)
    }

    @Test func aStreamIsStoppedWhenTheClientDoesNotKeepUp() {
        // The head (about 90 bytes) fits; the first piece fills the queue.
        var connection = ConnectionHarness { $0.maxPendingWriteBytes = 150 }
        connection.socketTakesEverything = false
        connection.receive(get("/events"))
        connection.respond(.streaming(headers: [:]) { _ in })
        #expect(connection.streamWrite(String(repeating: "x", count: 100)) == .accepted)
        #expect(connection.streamWrite("more") == .backedUp)
    }

    // MARK: Errors

    @Test func aMalformedRequestGets400AndNothingBehindItIsHandled() {
        var connection = ConnectionHarness()
        connection.receive("GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n" + get("/b"))
        let output = connection.takeOutput()
        #expect(output.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(output.contains("Connection: close\r\n"))
        #expect(connection.handled.isEmpty)
        #expect(connection.closed)
    }

    @Test func anErrorAnswerFromTheHandlerKeepsTheConnection() {
        var connection = ConnectionHarness()
        connection.receive(get("/missing"))
        connection.respond(.error(status: .notFound, code: "not_found", message: "no"))
        #expect(connection.takeOutput().hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(!connection.closed)
    }

    @Test func aHeadOver16KiBGets431AndABodyOver1MiBGets413BeforeItIsSent() {
        var head = ConnectionHarness()
        head.receive(get("/a", "X-Big: \(String(repeating: "a", count: 17 * 1024))\r\n"))
        #expect(head.takeOutput().hasPrefix("HTTP/1.1 431 "))
        #expect(head.closed)

        var body = ConnectionHarness()
        body.receive("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n")
        #expect(body.takeOutput().hasPrefix("HTTP/1.1 413 "))
        #expect(body.closed)
    }

    // MARK: Methods and bodies

    @Test func aHeadRequestGetsTheHeadersWithoutTheBody() {
        var connection = ConnectionHarness()
        connection.receive("HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n")
        connection.respond(text: "hello")
        let output = connection.takeOutput()
        #expect(output.contains("Content-Length: 5\r\n"))
        #expect(output.hasSuffix("\r\n\r\n"))

        var streamed = ConnectionHarness()
        streamed.receive("HEAD /events HTTP/1.1\r\nHost: x\r\n\r\n")
        streamed.respond(.streaming(headers: [:]) { _ in })
        #expect(streamed.streams.isEmpty)
        #expect(streamed.takeOutput().hasSuffix("\r\n\r\n"))
        #expect(streamed.machine.wantsToRead)
    }

    @Test func aChunkedBodyReachesTheHandlerWhole() {
        var connection = ConnectionHarness()
        connection.receive("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        #expect(connection.handled.isEmpty)
        connection.receive("6\r\n world\r\n0\r\n\r\n")
        #expect(connection.handled.first?.request.body == Array("hello world".utf8))
    }

    @Test func expectContinueIsAnsweredBeforeTheBodyArrives() {
        var connection = ConnectionHarness()
        connection.receive("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        #expect(connection.takeOutput() == "HTTP/1.1 100 Continue\r\n\r\n")
        connection.receive("body")
        #expect(connection.handled.first?.request.body == Array("body".utf8))
    }

    // MARK: Shutdown and upgrade

    @Test func shutdownClosesAnIdleConnectionAtOnce() {
        var connection = ConnectionHarness()
        connection.beginShutdown()
        #expect(connection.closed)
    }

    @Test func shutdownLetsTheRequestInFlightFinishWithConnectionClose() {
        var connection = ConnectionHarness()
        connection.receive(get("/slow") + get("/queued"))
        connection.beginShutdown()
        #expect(!connection.closed)
        connection.respond(text: "done")
        let output = connection.takeOutput()
        #expect(output.contains("Connection: close\r\n"))
        #expect(output.hasSuffix("done"))
        #expect(connection.closed)
        #expect(connection.handled.count == 1)
    }

    @Test func anUpgradeHandsOverTheBytesBehindTheRequest() {
        var connection = ConnectionHarness()
        connection.receive(get("/ws", "Upgrade: websocket\r\nConnection: Upgrade\r\n") + "\u{1}\u{0}")
        let leftover = connection.upgrade()
        #expect(leftover == [0x01, 0x00])
        #expect(connection.machine.isFinished)
        #expect(connection.records.map(\.status) == [101])
        #expect(!connection.closed)
        connection.tick(after: 120)
        #expect(!connection.closed)
    }

    @Test func theHandlerTimeIsRecordedForMetrics() {
        var connection = ConnectionHarness()
        connection.receive(get("/a"))
        connection.clock.advance(seconds: 0.25)
        connection.respond(text: "ok")
        #expect(
            connection.records == [
                HTTPExchangeRecord(requestID: connection.lastID, status: .ok, duration: 250_000_000)
            ])
    }
}
