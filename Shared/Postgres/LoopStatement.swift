import EventLoop

/// One statement run on an event loop without blocking it: sent with libpq's asynchronous
/// calls, its answer read when the connection's socket turns readable.
///
/// Why: a blocking call needs a thread that may sleep, so it was handed to the connection's
/// queue and its answer handed back, two thread wake-ups per statement on top of the
/// server's. On the loop that already runs the request, the statement costs the loop an
/// epoll registration (added, and removed at the end) and nothing else.
///
/// The statement is prepared on first use on its connection (a prepare step, then the
/// execute step), like the blocking path; a prepared plan the server no longer accepts
/// ("cached plan must not change result type") is prepared again once.
///
/// Confinement: everything runs on `loop`'s thread, the starting call included. That is
/// why it may be `@unchecked Sendable`: other threads only hand it back to its loop
/// (`loop.execute { statement.expire(…) }`).
final class LoopStatement: EventHandler, @unchecked Sendable {
    /// The connection, leased to this statement until it finishes.
    private let connection: PostgresConnection
    /// The loop whose thread does all the work.
    private let loop: EventLoop
    /// The statement and its values.
    private let key: PreparedStatements.Key
    private let buffer: ParameterBuffer
    /// Told the outcome, once; nil after that.
    private var completion: ((Result<PostgresRows, any Error>) -> Void)?
    /// The step sent and being answered.
    private var step: PostgresConnection.NonBlockingStep = .execute(name: nil)
    /// The result to report: the first error of the step, else its last result.
    private var kept: PostgresResult?
    /// The socket, registered with `loop` while the statement runs (-1: not registered).
    private var descriptor: Int32 = -1
    /// True once a stale prepared statement was prepared again.
    private var hasReprepared = false

    /// A statement for `connection` (in no transaction and not busy) on `loop`.
    init(connection: PostgresConnection, loop: EventLoop, sql: String, parameters: [PostgresValue]) throws {
        (key, buffer) = try PostgresConnection.statement(sql, parameters)
        self.connection = connection
        self.loop = loop
    }

    /// Sends the statement; `completion` is called on the loop with its rows or error.
    func start(_ completion: @escaping (Result<PostgresRows, any Error>) -> Void) {
        self.completion = completion
        sendStep(connection.firstStep(for: key))
    }

    /// Gives up waiting (the call's deadline passed): reports `error`. The connection is
    /// left mid-statement, so its owner must close it rather than reuse it.
    func expire(_ error: any Error) {
        finish(.failure(error))
    }

    func handleEvents(_ events: IOEvents) {
        guard completion != nil else { return }
        // A hang-up or error may come without "readable" (EPOLLHUP or EPOLLERR alone): reading
        // is then what notices the broken connection, instead of the loop being woken for it
        // over and over.
        let isHungUp = !events.isDisjoint(with: .hangup)
        do {
            if events.contains(.writable) || isHungUp {
                try writePending()
            }
            if events.contains(.readable) || isHungUp {
                try readAnswer()
            }
        } catch {
            finish(.failure(error))
        }
    }

    /// Sends `next` and watches the socket for the answer (and for room to write the rest).
    private func sendStep(_ next: PostgresConnection.NonBlockingStep) {
        step = next
        kept = nil
        do {
            try connection.send(next, key, buffer)
            if descriptor < 0 {
                let socket = connection.socketDescriptor
                guard socket >= 0 else { throw connection.failure(nil) }
                try loop.register(socket, interest: .readable, handler: self)
                descriptor = socket
            }
            try writePending()
        } catch {
            finish(.failure(error))
        }
    }

    /// Writes what libpq holds; asks to hear about room in the socket while some is left.
    private func writePending() throws {
        let isSent = try connection.flushOutput()
        loop.setInterest(descriptor, isSent ? .readable : [.readable, .writable])
    }

    /// Takes in what arrived; at the end of a step, goes on to the next or finishes.
    private func readAnswer() throws {
        try connection.consumeInput()
        while true {
            switch try connection.nextResult() {
            case .busy:
                return
            case .result(let result):
                if kept?.isError != true { kept = result }
            case .done:
                stepAnswered()
                return
            }
        }
    }

    /// The server answered the current step completely.
    private func stepAnswered() {
        let outcome = Result { try connection.rows(from: kept?.pointer) }
        kept = nil
        // `rows(from:)` closes the connection on a result it cannot handle (COPY): stop
        // watching the socket at once, before the loop could see its number reused.
        if !connection.isOpen { stopWatching() }
        switch (step, outcome) {
        case (.prepare(let name), .success):
            connection.prepared.remember(key, as: name)
            sendStep(.execute(name: name))
        case (.execute(.some), .failure(let error as PostgresError))
        where error.sqlState == PostgresConnection.cachedPlanChanged && !hasReprepared
            && connection.transactionState == .idle:
            // A migration changed a table under the prepared statement: prepare it anew.
            hasReprepared = true
            connection.prepared.forget(key)
            sendStep(connection.firstStep(for: key))
        default:
            finish(outcome)
        }
    }

    /// Stops watching the socket and reports `outcome` (once).
    private func finish(_ outcome: Result<PostgresRows, any Error>) {
        guard let completion else { return }
        self.completion = nil
        stopWatching()
        connection.endNonBlocking()
        completion(outcome)
    }

    /// Takes the socket off the loop (idempotent).
    private func stopWatching() {
        guard descriptor >= 0 else { return }
        loop.deregister(descriptor)
        descriptor = -1
    }
}
