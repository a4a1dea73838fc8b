import DeskProtocol
import Redis
import TelegramBotAPI

/// Decides, for all gateway instances at once, when the next message to a chat may go:
/// a sliding-window log per chat and one for everything, plus a pause per chat after a
/// 429. One Lua script checks and records atomically on Redis's clock, so instances
/// neither race nor disagree about time.
///
/// Telegram counts a message when it arrives, somewhere between our call and its answer.
/// So a send is logged as "in flight" (at the latest time it could arrive: now plus the
/// call's time limit) when it is booked, and moved to the time of the answer when the call
/// ends (`sendEnded`); the windows of later sends count from there. Counted from the
/// booking alone, the next message could arrive right after a slow one (seen as 429s in
/// the end-to-end burst test under load, and between two instances).
struct SendRateLimiter: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// The gateway's Redis keys.
    let keys: DeskRedisNames
    /// The flood limits.
    let limits: SendLimits
    /// How long a call may be in flight (the Bot API time-out, and some): a gateway that
    /// dies during a call holds that chat's turn this long at most.
    let inFlightMilliseconds: Int

    /// Returns 0 and books a send (ARGV[5], in flight until ARGV[6] ms from now) when one
    /// may go now, else the milliseconds to wait. While the send that holds the turn is
    /// still in flight, the wait is a short poll: it ends when that call does.
    static let script = """
        local paused = redis.call('PTTL', KEYS[3])
        if paused > 0 then return paused end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local hold = tonumber(ARGV[6])
        local wait = 0
        for i = 1, 2 do
          local limit = tonumber(ARGV[i * 2 - 1])
          local window = tonumber(ARGV[i * 2])
          redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
          local count = redis.call('ZCARD', KEYS[i])
          if count >= limit then
            local oldest = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
            local at = tonumber(oldest[2])
            local free = at + window - now + 1
            if at > now then free = 10 end
            if free > wait then wait = free end
          end
        end
        if wait > 0 then return wait end
        for i = 1, 2 do
          redis.call('ZADD', KEYS[i], now + hold, ARGV[5])
          redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[i * 2]) + hold)
        end
        return 0
        """

    /// Moves a booked send (ARGV[1]) to Redis's time now in both logs: its call has ended.
    static let endScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        for i = 1, 2 do
          if redis.call('ZSCORE', KEYS[i], ARGV[1]) then redis.call('ZADD', KEYS[i], now, ARGV[1]) end
        end
        return 0
        """

    /// A send booked in the logs, named by a random token.
    struct Booking: Sendable {
        /// The send's member in both logs.
        let token: String
        /// The chat it goes to.
        let chatID: Int64
    }

    /// Waits until a message to `chatID` may be sent, and books that send (in flight).
    func waitForTurn(chatID: Int64) async throws -> Booking {
        let chat = limits.chatLimit(isGroup: Chat.isGroup(id: chatID))
        let global = limits.globalLimit
        let booking = Booking(token: String(UInt64.random(in: 0...UInt64.max)), chatID: chatID)
        while true {
            try Task.checkCancellation()
            let reply = try await redis.send(
                "EVAL", RedisArgument(Self.script), "3", RedisArgument(keys.globalSends),
                RedisArgument(keys.chatSends(chatID)), RedisArgument(keys.chatPause(chatID)),
                RedisArgument(global.count), RedisArgument(global.windowMilliseconds), RedisArgument(chat.count),
                RedisArgument(chat.windowMilliseconds), RedisArgument(booking.token),
                RedisArgument(inFlightMilliseconds))
            let wait = reply.integerValue ?? 0
            if wait <= 0 { return booking }
            try await Task.sleep(for: .milliseconds(min(wait, 1000)))
        }
    }

    /// Records that the call made for `booking` ended, whatever Telegram answered: the
    /// windows of the next sends count from now.
    func sendEnded(_ booking: Booking) async throws {
        _ = try await redis.send(
            "EVAL", RedisArgument(Self.endScript), "2", RedisArgument(keys.globalSends),
            RedisArgument(keys.chatSends(booking.chatID)), RedisArgument(booking.token))
    }

    /// Pauses one chat for `seconds` (Telegram's retry_after), for every instance.
    func pause(chatID: Int64, seconds: Int) async throws {
        try await redis.set(RedisArgument(keys.chatPause(chatID)), to: "1", ex: max(1, seconds))
    }
}
