extension Duration {
    /// The span in seconds, for the calls that still take `Double` seconds (Bot API and
    /// ingest-api clients, stream consumers): settings and options hold `Duration`s and
    /// convert only there.
    public var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The span in whole seconds, rounded down: for Redis expiries and SQL intervals.
    public var inWholeSeconds: Int { Int(components.seconds) }

    /// The span in whole milliseconds, rounded down: for Redis leases and stream idle times.
    public var inMilliseconds: Int {
        let parts = components
        return Int(parts.seconds) * 1000 + Int(parts.attoseconds / 1_000_000_000_000_000)
    }
}
