/// Redis as the admin API uses it (chat modes, dead letters): a call that fails, for
/// whatever reason, is `StoreError.redisUnavailable`.
enum RedisCall {
    /// The value of `call`.
    static func run<Value: Sendable>(_ call: () async throws -> Value) async throws -> Value {
        do {
            return try await call()
        } catch {
            throw StoreError.redisUnavailable(reason: "\(error)")
        }
    }
}
