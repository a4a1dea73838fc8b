/// Size limits enforced while parsing, before any payload is buffered.
///
/// A frame or message over its limit closes the connection with
/// ``WebSocketCloseCode/messageTooBig`` (1009) as soon as its header announces the size.
public struct WebSocketLimits: Sendable, Hashable {
    /// The largest message (all fragments together) a peer may send, in payload bytes.
    ///
    /// 64 KiB is the contract's limit (CONTRACT §6): dashboard and chat messages are
    /// small JSON objects, and with tens of thousands of connections per instance the
    /// worst case buffered per connection must stay small. The Autobahn echo server
    /// raises it to 32 MiB to run the large-message cases.
    public var maxMessageBytes: Int

    /// The largest single frame a peer may send, in payload bytes.
    ///
    /// Defaults to ``maxMessageBytes``: one frame can never carry more than a whole
    /// message, so a separate lower value only matters for deployments that want to
    /// force peers to fragment.
    public var maxFrameBytes: Int

    /// Limits with the contract's defaults unless overridden.
    public init(maxMessageBytes: Int = 64 * 1024, maxFrameBytes: Int? = nil) {
        self.maxMessageBytes = max(0, maxMessageBytes)
        self.maxFrameBytes = max(0, maxFrameBytes ?? maxMessageBytes)
    }

    /// The contract's defaults: 64 KiB messages and frames.
    public static let `default` = WebSocketLimits()
}
