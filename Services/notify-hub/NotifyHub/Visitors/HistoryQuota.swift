import Redis

/// What visitors can make the desk keep in Redis (web IM histories), bounded per client
/// address and for all addresses together, per day, before anything is stored.
///
/// Pipeline ids are the client's to choose, so without it one address could start any
/// number of histories and fill Redis, and with Redis full the outbox, the event log and
/// the chat modes fail too. Each address has a budget of bytes and of histories per day;
/// all addresses together a budget of bytes. One Lua script checks and charges all three
/// at once (atomic across hub instances); the counters expire a day after they started.
struct HistoryQuota: Sendable {
    /// Why a message may not be kept.
    enum Refusal: String, Sendable {
        /// The address started its allowed number of histories today.
        case histories
        /// The address made the desk keep its bytes for today.
        case address
        /// All addresses together did.
        case total
    }

    let redis: RedisClient
    let keys: HubKeys
    /// Bytes one address may make the desk keep per day.
    let bytesPerAddress: Int
    /// Histories one address may start per day.
    let historiesPerAddress: Int
    /// Bytes all addresses together may make the desk keep per day.
    let bytesInTotal: Int
    /// The budgets' period.
    var periodSeconds = 24 * 3600

    /// What a new history costs beyond its messages: its list and its counter keys.
    static let historyOverheadBytes = 256

    /// KEYS: address bytes, address histories, total bytes. ARGV: bytes, history, period,
    /// address byte budget, address history budget, total byte budget.
    static let script = """
        local bytes = tonumber(ARGV[1])
        local isNew = redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 0
        if isNew then
          if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 'histories' end
          bytes = bytes + \(historyOverheadBytes)
        end
        if tonumber(redis.call('GET', KEYS[1]) or '0') + bytes > tonumber(ARGV[4]) then return 'address' end
        if tonumber(redis.call('GET', KEYS[3]) or '0') + bytes > tonumber(ARGV[6]) then return 'total' end
        if isNew then redis.call('SADD', KEYS[2], ARGV[2]) end
        redis.call('INCRBY', KEYS[1], bytes)
        redis.call('INCRBY', KEYS[3], bytes)
        for i = 1, 3 do
          if redis.call('TTL', KEYS[i]) < 0 then redis.call('EXPIRE', KEYS[i], ARGV[3]) end
        end
        return 'ok'
        """

    /// Charges `bytes` to `client` for the history of `address`; nil when they may be kept,
    /// else why not (then nothing is charged).
    func charge(_ bytes: Int, to client: String, for address: PipelineAddress) async throws -> Refusal? {
        let base = keys.quotaPrefix
        let history = keys.history(pipeline: address.pipeline, sessionType: address.sessionType)
        let reply = try await redis.send(
            "EVAL", RedisArgument(Self.script), "3", RedisArgument(base + client + ":bytes"),
            RedisArgument(base + client + ":histories"), RedisArgument(base + "total"), RedisArgument(bytes),
            RedisArgument(history), RedisArgument(periodSeconds), RedisArgument(bytesPerAddress),
            RedisArgument(historiesPerAddress), RedisArgument(bytesInTotal))
        guard let verdict = reply.text else { throw RedisError.unexpectedReply("EVAL answered \(reply)") }
        if verdict == "ok" { return nil }
        guard let refusal = Refusal(rawValue: verdict) else {
            throw RedisError.unexpectedReply("the quota script answered \(verdict)")
        }
        return refusal
    }
}
