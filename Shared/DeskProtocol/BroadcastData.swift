/// The data of a `broadcast` event: a text an admin sent to every web IM connection of a
/// pipeline (notify-hub publishes it so dashboards see it too).
public struct BroadcastData: Codable, Sendable, Equatable {
    /// What was sent.
    public var message: String

    public init(message: String) {
        self.message = message
    }
}
