import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// What a descriptor is ready for, or wants to be told about.
public struct IOEvents: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let readable = IOEvents(rawValue: EPOLLIN.rawValue)
    public static let writable = IOEvents(rawValue: EPOLLOUT.rawValue)
    /// The peer closed or the socket failed; always reported, never requested.
    public static let hangup = IOEvents(rawValue: EPOLLHUP.rawValue | EPOLLERR.rawValue)
    /// The peer shut down its writing side.
    public static let readHangup = IOEvents(rawValue: EPOLLRDHUP.rawValue)
}

/// Something that owns a descriptor registered with a loop; called on the loop's thread.
public protocol EventHandler: AnyObject {
    /// The descriptor is ready for `events`.
    func handleEvents(_ events: IOEvents)
}
