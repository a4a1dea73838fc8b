/// Typed helpers for the commands the services use most.
extension RedisClient {
    /// `PING`; throws when the server cannot be reached within the time-outs (for `/readyz`).
    public func ping() async throws {
        let reply = try await send("PING")
        guard reply == .status("PONG") else {
            throw RedisError.unexpectedReply("PING answered \(reply)")
        }
    }

    /// `GET key`: the value's bytes, or nil when the key does not exist.
    public func get(_ key: RedisArgument) async throws -> [UInt8]? {
        switch try await send("GET", key) {
        case .string(let bytes): bytes
        case .null: nil
        case let other: throw RedisError.unexpectedReply("GET answered \(other)")
        }
    }

    /// `SET key value [EX seconds] [NX]`.
    ///
    /// - Parameters:
    ///   - ex: time to live in seconds (Redis's `EX`); nil keeps the key until deleted.
    ///   - onlyIfAbsent: `NX`: set only when the key does not exist yet.
    /// - Returns: true when the value was set; false only with `onlyIfAbsent` and an existing key.
    @discardableResult
    public func set(
        _ key: RedisArgument, to value: RedisArgument, ex seconds: Int? = nil, onlyIfAbsent: Bool = false
    ) async throws -> Bool {
        var arguments: [RedisArgument] = ["SET", key, value]
        if let seconds { arguments += ["EX", RedisArgument(seconds)] }
        if onlyIfAbsent { arguments.append("NX") }
        switch try await send(arguments) {
        case .status("OK"): return true
        case .null: return false
        case let other: throw RedisError.unexpectedReply("SET answered \(other)")
        }
    }

    /// `DEL key…`: how many of the keys existed.
    @discardableResult
    public func delete(_ keys: RedisArgument...) async throws -> Int {
        try await integer(["DEL"] + keys)
    }

    /// `INCR key`: the value after incrementing (a missing key counts as 0).
    @discardableResult
    public func increment(_ key: RedisArgument) async throws -> Int {
        try await integer(["INCR", key])
    }

    /// `PUBLISH channel message`: how many subscribers received it (on this server).
    @discardableResult
    public func publish(channel: String, message: RedisArgument) async throws -> Int {
        try await integer(["PUBLISH", RedisArgument(channel), message])
    }

    /// Sends a command whose reply is documented to be an integer.
    private func integer(_ arguments: [RedisArgument]) async throws -> Int {
        let reply = try await send(arguments)
        guard let value = reply.integerValue else {
            let name = arguments.first.map { String(decoding: $0.bytes, as: UTF8.self) } ?? "command"
            throw RedisError.unexpectedReply("\(name) answered \(reply)")
        }
        return value
    }
}
