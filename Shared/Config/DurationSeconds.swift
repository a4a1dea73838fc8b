extension Duration {
    /// The span in seconds, for the calls that still take `Double` seconds (Bot API and
    /// ingest-api clients, stream consumers): settings and options hold `Duration`s and
    /// convert only there.
    public var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
