import CHiredis

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking connection to one Redis server; owns a hiredis `redisContext` and frees it in
/// `deinit`, also when connecting failed.
///
/// Not thread-safe: use it from one thread or serial queue at a time (`RedisClient` pools
/// connections that way). Every call blocks for at most the options' time-outs per read or
/// write. After an I/O failure the connection is marked broken and every later call fails
/// at once; make a new connection instead.
public final class RedisConnection {
    /// The server this connection talks to.
    public let url: RedisURL
    /// The time-outs and limits in force.
    public let options: RedisConnectionOptions
    /// True once reading or writing failed; the connection must then be discarded.
    public private(set) var isBroken = false

    /// Why the connection broke, repeated by every call made after that.
    private var brokenReason = ""
    /// The hiredis context; never nil, freed exactly once in `deinit`.
    private let context: UnsafeMutablePointer<redisContext>

    /// Connects, applies the command time-out, then sends `AUTH` and `SELECT` as the URL asks.
    ///
    /// Throws `RedisError.connectionFailed` naming the address and the cause, within
    /// `options.connectTimeout` when the server does not answer.
    public convenience init(url: RedisURL, options: RedisConnectionOptions = RedisConnectionOptions())
        throws(RedisError)
    {
        BrokenPipeSignal.ignore()
        let address = Self.address(of: url)
        guard
            let context = redisConnectWithTimeout(url.host, Int32(clamping: url.port), timeval(options.connectTimeout))
        else {
            throw .connectionFailed("cannot connect to \(address): hiredis could not allocate a context")
        }
        self.init(owning: context, url: url, options: options)
        // From here on `deinit` frees the context on every path, the failures below included.
        if context.pointee.err != 0 {
            throw .connectionFailed(
                "cannot connect to \(address): \(errorText()) (connect time-out \(options.connectTimeout))")
        }
        guard redisSetTimeout(context, timeval(options.commandTimeout)) == REDIS_OK else {
            throw .connectionFailed("\(address): cannot set the command time-out: \(errorText())")
        }
        // Keep-alive probes find a peer that vanished without closing (about 30 s on Linux).
        _ = redisEnableKeepAlive(context)
        try authenticateAndSelect(address: address)
    }

    /// Takes ownership of a context returned by hiredis.
    private init(owning context: UnsafeMutablePointer<redisContext>, url: RedisURL, options: RedisConnectionOptions) {
        self.context = context
        self.url = url
        self.options = options
    }

    deinit {
        redisFree(context)
    }

    /// Sends one command and waits for its reply.
    ///
    /// An error reply is thrown as `RedisError.server` with the server's message; the
    /// connection stays usable. I/O failures throw `RedisError.io` and break the connection.
    public func command(_ arguments: [RedisArgument]) throws(RedisError) -> RedisReply {
        try checkUsable()
        try Self.validate(arguments)
        try append(arguments)
        let reply = try readReply()
        if case .error(let message) = reply {
            throw .server(message)
        }
        return reply
    }

    /// Sends one command given as separate arguments, for example `command("GET", key)`.
    public func command(_ arguments: RedisArgument...) throws(RedisError) -> RedisReply {
        try command(arguments)
    }

    /// Sends all commands at once, then reads all replies, in order (one round trip).
    ///
    /// Error replies are returned in place as `.error` so that the other replies are kept.
    /// The replies are read even when one of them cannot be copied, so that the connection
    /// stays in step; that failure is thrown afterwards.
    public func pipeline(_ commands: [[RedisArgument]]) throws(RedisError) -> [RedisReply] {
        try checkUsable()
        // Validate everything first so that a bad command never leaves half a pipeline queued.
        for arguments in commands {
            try Self.validate(arguments)
        }
        for arguments in commands {
            try append(arguments)
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        var unusableReply: RedisError?
        for _ in commands {
            do throws(RedisError) {
                replies.append(try readReply())
            } catch {
                // A broken connection has nothing left to read; anything else did consume its reply.
                if isBroken { throw error }
                unusableReply = unusableReply ?? error
            }
        }
        if let unusableReply { throw unusableReply }
        return replies
    }

    // MARK: - Internal pieces, shared with the subscriber loop

    /// The socket, for `poll(2)`.
    var fileDescriptor: Int32 { context.pointee.fd }

    /// Queues a command in hiredis's output buffer without sending it.
    func append(_ arguments: [RedisArgument]) throws(RedisError) {
        let status = ArgumentVector.withArgv(arguments) { count, argv, lengths in
            redisAppendCommandArgv(context, count, argv, lengths)
        }
        guard status == REDIS_OK else { throw markBroken(callErrno: errno) }
    }

    /// Writes the whole output buffer, blocking at most the command time-out per write.
    func flush() throws(RedisError) {
        var done: Int32 = 0
        while done == 0 {
            guard redisBufferWrite(context, &done) == REDIS_OK else { throw markBroken(callErrno: errno) }
        }
    }

    /// Reads what the socket has into hiredis's reader; call it when `poll` says readable.
    func readAvailable() throws(RedisError) {
        guard redisBufferRead(context) == REDIS_OK else { throw markBroken(callErrno: errno) }
    }

    /// The next complete reply already read from the socket, or nil when none is buffered.
    func nextBufferedReply() throws(RedisError) -> RedisReply? {
        var raw: UnsafeMutableRawPointer?
        let status = redisGetReplyFromReader(context, &raw)
        let callErrno = errno
        guard let raw else {
            if status != REDIS_OK { throw markBroken(callErrno: callErrno) }
            return nil
        }
        defer { freeReplyObject(raw) }
        guard status == REDIS_OK else { throw markBroken(callErrno: callErrno) }
        return try RedisReply(
            copying: raw.assumingMemoryBound(to: redisReply.self), remainingDepth: options.maxReplyDepth)
    }

    /// Marks the connection broken when the server closed it while it sat idle in a pool.
    ///
    /// An idle connection has nothing to read, so a readable socket means the server hung
    /// up (for example it restarted). Checking before use lets the pool replace it instead
    /// of failing the caller's command.
    func checkStillOpen() {
        guard !isBroken else { return }
        var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, 0) > 0 {
            isBroken = true
            brokenReason = "the server closed the connection while it was idle"
        }
    }

    // MARK: - Private

    /// Sends `AUTH` and `SELECT` when the URL asks for them.
    private func authenticateAndSelect(address: String) throws(RedisError) {
        if let password = url.password {
            var arguments: [RedisArgument] = ["AUTH"]
            if let user = url.user { arguments.append(RedisArgument(user)) }
            arguments.append(RedisArgument(password))
            do throws(RedisError) {
                _ = try command(arguments)
            } catch {
                throw .connectionFailed("\(address): AUTH failed: \(Self.detail(of: error))")
            }
        }
        if url.database != 0 {
            do throws(RedisError) {
                _ = try command(["SELECT", RedisArgument(url.database)])
            } catch {
                throw .connectionFailed("\(address): SELECT \(url.database) failed: \(Self.detail(of: error))")
            }
        }
    }

    /// Reads one reply and frees it on every path, after copying it.
    private func readReply() throws(RedisError) -> RedisReply {
        var raw: UnsafeMutableRawPointer?
        let status = redisGetReply(context, &raw)
        let callErrno = errno
        guard let raw else { throw markBroken(callErrno: callErrno) }
        defer { freeReplyObject(raw) }
        guard status == REDIS_OK else { throw markBroken(callErrno: callErrno) }
        return try RedisReply(
            copying: raw.assumingMemoryBound(to: redisReply.self), remainingDepth: options.maxReplyDepth)
    }

    /// Fails at once on a broken connection, repeating why it broke.
    private func checkUsable() throws(RedisError) {
        if isBroken {
            throw .io("the connection is broken: \(brokenReason)")
        }
    }

    /// Marks the connection broken after a failed hiredis call and describes the failure.
    private func markBroken(callErrno: Int32) -> RedisError {
        let reason: String
        switch context.pointee.err {
        case 0:
            reason = "hiredis returned no reply"
        case REDIS_ERR_IO where callErrno == EAGAIN || callErrno == EWOULDBLOCK:
            // SO_RCVTIMEO / SO_SNDTIMEO expired: hiredis reports it as EAGAIN.
            reason = "no answer within \(options.commandTimeout)"
        case REDIS_ERR_EOF:
            reason = "the server closed the connection"
        case REDIS_ERR_PROTOCOL:
            reason = "protocol error: \(errorText())"
        default:
            reason = errorText()
        }
        isBroken = true
        brokenReason = reason
        return .io("\(Self.address(of: url)): \(reason)")
    }

    /// hiredis's description of the context's error.
    private func errorText() -> String {
        withUnsafeBytes(of: context.pointee.errstr) { buffer in
            let bytes = buffer.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Refuses commands that cannot be sent, or that would leave the connection unusable
    /// for request/response traffic (subscriber mode belongs to `RedisSubscriber`).
    private static func validate(_ arguments: [RedisArgument]) throws(RedisError) {
        guard let name = arguments.first else { throw .invalidCommand("the command is empty") }
        guard arguments.count <= Int(Int32.max) else { throw .invalidCommand("too many arguments") }
        let upper = String(decoding: name.bytes, as: UTF8.self).uppercased()
        if ["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR"].contains(upper) {
            throw .invalidCommand("\(upper) switches the connection to push mode; use RedisSubscriber")
        }
    }

    /// `host:port`, with brackets around an IPv6 host.
    private static func address(of url: RedisURL) -> String {
        url.host.contains(":") ? "[\(url.host)]:\(url.port)" : "\(url.host):\(url.port)"
    }

    /// The message inside an error, without the kind prefix.
    private static func detail(of error: RedisError) -> String {
        switch error {
        case .server(let message), .io(let message), .connectionFailed(let message),
            .protocolViolation(let message), .invalidCommand(let message), .unexpectedReply(let message):
            message
        case .stopped: "stopped"
        }
    }
}
