// The WebSocket echo endpoint the Autobahn|Testsuite runs against (`make autobahn`).
// Usage: autobahn-echo PORT. Echoes every text and binary message on any path.
import Foundation
import HTTPServer
import Logging
import WebSocket

/// Sends every message back as it came.
final class EchoHandler: WebSocketHandler {
    func webSocket(_ socket: ServerWebSocket, didReceiveText text: String) {
        socket.send(text: text)
    }

    func webSocket(_ socket: ServerWebSocket, didReceiveBinary bytes: [UInt8]) {
        socket.send(encodedFrame: WebSocketFrameEncoder.encodeBinary(bytes))
    }
}

let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 9001
var configuration = ServerConfiguration()
configuration.host = "127.0.0.1"
configuration.port = port
// Benchmarks compare with single-threaded peers at equal cores: LOOPS=1 pins one loop.
configuration.loopCount = ProcessInfo.processInfo.environment["LOOPS"].flatMap(Int.init) ?? 0
// The suite sends messages up to 16 MiB; the issue sets 32 MiB for this endpoint.
configuration.webSocket.maxMessageBytes = 32 * 1024 * 1024
configuration.webSocket.maxQueuedBytes = 128 * 1024 * 1024
var router = Router()
let echo = WebSocketUpgrader { _ in .accept(EchoHandler()) }
router.addWebSocket("/", echo)
router.addWebSocket("/*", echo)
router.addInline("GET", "/json") { _ in .json(raw: "{\"message\":\"Hello, World!\"}") }
let logger = Logger(label: "autobahn-echo", level: .warning)
do {
    let server = try HTTPServer(configuration: configuration, router: router, logger: logger)
    print("autobahn-echo listening on \(server.port)")
    while true { sleep(3600) }
} catch {
    logger.error("could not start", ["error": .string(String(describing: error))])
    exit(1)
}
