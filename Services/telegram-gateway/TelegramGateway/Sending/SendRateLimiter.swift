import Redis
import TelegramBotAPI

/// Decides, for all gateway instances at once, when the next message to a chat may go:
/// a sliding-window log per chat and one for everything, plus a pause per chat after a
/// 429. One Lua script checks and records atomically on Redis's clock, so instances
/// neither race nor disagree about time.
struct SendRateLimiter: Sendable {
    /// The Redis connections.
    let redis: RedisClient
    /// The gateway's Redis keys.
    let keys: GatewayKeys
    /// The flood limits.
    let limits: SendLimits

    /// Returns 0 and records a send when one may go now, else the milliseconds to wait.
    static let script = """
        local paused = redis.call('PTTL', KEYS[3])
        if paused > 0 then return paused end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local wait = 0
        for i = 1, 2 do
          local limit = tonumber(ARGV[i * 2 - 1])
          local window = tonumber(ARGV[i * 2])
          redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
          local count = redis.call('ZCARD', KEYS[i])
          if count >= limit then
            local oldest = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
            local free = tonumber(oldest[2]) + window - now + 1
            if free > wait then wait = free end
          end
        end
        if wait > 0 then return wait end
        for i = 1, 2 do
          redis.call('ZADD', KEYS[i], now, now .. '-' .. ARGV[5])
          redis.call('PEXPIRE', KEYS[i], ARGV[i * 2])
        end
        return 0
        """

    /// Waits until a message to `chatID` may be sent, and books that send.
    func waitForTurn(chatID: Int64) async throws {
        let chat = limits.chatLimit(isGroup: Chat.isGroup(id: chatID))
        let global = limits.globalLimit
        while true {
            try Task.checkCancellation()
            let reply = try await redis.send(
                "EVAL", RedisArgument(Self.script), "3", RedisArgument(keys.globalSends),
                RedisArgument(keys.chatSends(chatID)), RedisArgument(keys.chatPause(chatID)),
                RedisArgument(global.count), RedisArgument(global.windowMilliseconds), RedisArgument(chat.count),
                RedisArgument(chat.windowMilliseconds), RedisArgument(String(UInt64.random(in: 0...UInt64.max))))
            let wait = reply.integerValue ?? 0
            if wait <= 0 { return }
            try await Task.sleep(for: .milliseconds(min(wait, 1000)))
        }
    }

    /// Pauses one chat for `seconds` (Telegram's retry_after), for every instance.
    func pause(chatID: Int64, seconds: Int) async throws {
        try await redis.set(RedisArgument(keys.chatPause(chatID)), to: "1", ex: max(1, seconds))
    }
}
