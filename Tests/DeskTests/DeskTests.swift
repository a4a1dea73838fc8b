import Testing

/// The product-level suite: the four release executables (ingest-api, telegram-gateway,
/// operator-relay, two notify-hubs) run as separate processes, as deployed, and are driven
/// the way users drive the desk: Telegram users and operators through the Bot API double,
/// web visitors and dashboards over WebSocket, signals and dependencies going away. The
/// other suites test each service in-process against stand-ins; this one tests where the
/// processes meet. One test at a time: each starts a whole desk on a 2-core machine.
@Suite(
    .serialized, .timeLimit(.minutes(3)),
    .enabled(if: DeskEnvironment.isReady, Comment(rawValue: DeskEnvironment.missing ?? "")))
struct DeskTests {}
