import Testing

/// The Telegram flow of CONTRACT §4 through every real part: the Telegram double (the Bot
/// API), the gateway, ingest-api over PostgreSQL, Redis. Every test runs once per receiving
/// mode. One at a time: each starts a whole desk, and the flood-limit checks want the
/// machine to themselves.
@Suite(
    .serialized,
    .enabled(if: EndToEndWorld.serversAreGiven, "needs TEST_REDIS_URL and TEST_DATABASE_URL (make test starts both)"))
struct GatewayEndToEnd {}
