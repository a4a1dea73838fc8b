import HTTP1

/// A clock the test moves by hand.
final class ManualClock: HTTPConnectionClock {
    private(set) var time: UInt64 = 1_000_000_000

    func now() -> UInt64 { time }
    func date() -> String { "Thu, 01 Jan 2026 00:00:00 GMT" }

    func advance(seconds: Double) { time += UInt64(seconds * 1_000_000_000) }
}

/// Plays the I/O layer for ``HTTPConnectionStateMachine`` without a socket: keeps what it
/// was asked to write, the requests it was handed and whether it was told to close.
struct ConnectionHarness {
    let clock = ManualClock()
    var machine: HTTPConnectionStateMachine
    /// Written bytes not yet taken by `takeOutput()`, as text.
    private(set) var output = ""
    /// Bytes queued and not reported written (when `socketTakesEverything` is off).
    private(set) var unwritten = 0
    private(set) var handled: [(request: HTTPRequest, id: UInt64)] = []
    private(set) var streams: [UInt64] = []
    private(set) var records: [HTTPExchangeRecord] = []
    private(set) var closed = false
    /// A socket that takes every byte at once; off, bytes wait until `drain()`.
    var socketTakesEverything = true

    init(_ configure: (inout HTTPConnectionLimits) -> Void = { _ in }) {
        var limits = HTTPConnectionLimits()
        configure(&limits)
        machine = HTTPConnectionStateMachine(limits: limits, clock: clock)
    }

    /// The id of the request handed out last.
    var lastID: UInt64 { handled.last?.id ?? 0 }

    mutating func receive(_ text: String) {
        var actions: [HTTPConnectionAction] = []
        machine.receive(Array(text.utf8), into: &actions)
        apply(actions)
    }

    mutating func respond(_ response: HTTPResponse, to id: UInt64? = nil) {
        var actions: [HTTPConnectionAction] = []
        machine.respond(response, to: id ?? lastID, into: &actions)
        apply(actions)
    }

    mutating func respond(text: String, to id: UInt64? = nil) { respond(.text(text), to: id) }

    mutating func streamWrite(_ text: String, to id: UInt64? = nil) -> HTTPStreamWriteResult {
        var actions: [HTTPConnectionAction] = []
        let result = machine.streamWrite(Array(text.utf8), for: id ?? lastID, into: &actions)
        apply(actions)
        return result
    }

    mutating func streamFinished(_ id: UInt64? = nil) {
        var actions: [HTTPConnectionAction] = []
        machine.streamFinished(id ?? lastID, into: &actions)
        apply(actions)
    }

    mutating func streamFailed(_ id: UInt64? = nil) {
        var actions: [HTTPConnectionAction] = []
        machine.streamFailed(id ?? lastID, into: &actions)
        apply(actions)
    }

    mutating func upgrade(_ id: UInt64? = nil) -> [UInt8]? {
        var actions: [HTTPConnectionAction] = []
        let leftover = machine.upgrade(id ?? lastID, into: &actions)
        apply(actions)
        return leftover
    }

    mutating func peerClosedInput() {
        var actions: [HTTPConnectionAction] = []
        machine.peerClosedInput(into: &actions)
        apply(actions)
    }

    mutating func beginShutdown() {
        var actions: [HTTPConnectionAction] = []
        machine.beginShutdown(into: &actions)
        apply(actions)
    }

    /// Moves the clock, then lets the machine check its time-outs.
    mutating func tick(after seconds: Double) {
        clock.advance(seconds: seconds)
        var actions: [HTTPConnectionAction] = []
        machine.tick(into: &actions)
        apply(actions)
    }

    /// The socket takes everything that waits.
    mutating func drain() {
        let count = unwritten
        unwritten = 0
        var actions: [HTTPConnectionAction] = []
        machine.wrote(count, into: &actions)
        apply(actions)
    }

    /// The output so far, emptied.
    mutating func takeOutput() -> String {
        defer { output = "" }
        return output
    }

    /// Carries out actions as the server's shell does: queue writes, note the rest, then
    /// report what the socket took, until the machine is quiet.
    private mutating func apply(_ first: [HTTPConnectionAction]) {
        var actions = first
        while true {
            for action in actions {
                precondition(!closed, "an action after .close")
                switch action {
                case .write(let bytes):
                    output += String(decoding: bytes, as: UTF8.self)
                    unwritten += bytes.count
                case .handle(let request, let id): handled.append((request, id))
                case .startStream(_, let id): streams.append(id)
                case .completed(let record): records.append(record)
                case .close: closed = true
                }
            }
            actions = []
            guard !closed, socketTakesEverything else { return }
            let count = unwritten
            unwritten = 0
            machine.wrote(count, into: &actions)
            if actions.isEmpty { return }
        }
    }
}

/// A request text with the headers every test needs.
func get(_ path: String, _ extra: String = "") -> String { "GET \(path) HTTP/1.1\r\nHost: x\r\n\(extra)\r\n" }
