/// Bounds on what one request may hold. Exceeding one gets a 4xx and a closed connection.
public struct HTTPParserLimits: Sendable {
    /// Request line plus headers (CONTRACT §6: 16 KiB → 431). Real browsers send under 8 KiB.
    public var maxHeadBytes: Int = 16 * 1024
    /// Body after de-chunking (CONTRACT §3: 1 MiB → 413); every API body is small JSON.
    public var maxBodyBytes: Int = 1024 * 1024
    /// Header fields per request; a few dozen is normal, thousands is an attack on lookups.
    public var maxHeaderCount: Int = 100
    /// A chunk-size line with extensions; legitimate ones are a few bytes.
    public var maxChunkLineBytes: Int = 1024

    public init() {}
}
