/// The peers whose forwarding headers are believed: IPv4 addresses and CIDR ranges
/// ("10.0.0.2", "172.16.0.0/12"), so a proxy with a changing address inside a container
/// network can be trusted by its network.
public struct TrustedProxies: Sendable, Equatable {
    /// One range: the network's bits under the mask.
    public struct Range: Sendable, Equatable {
        let network: UInt32
        let mask: UInt32
    }

    /// The ranges trusted.
    public let ranges: [Range]

    /// 127.0.0.0/8: a proxy on the same machine.
    public static let loopback = TrustedProxies(ranges: [Range(network: 0x7F00_0000, mask: 0xFF00_0000)])

    /// Ranges as they are (for the constants).
    private init(ranges: [Range]) {
        self.ranges = ranges
    }

    /// An entry that is neither an IPv4 address nor a CIDR range.
    public struct Invalid: Error, Equatable {
        /// The entry as given.
        public let entry: String

        /// The error for `entry`.
        public init(entry: String) {
            self.entry = entry
        }
    }

    /// Parses `entries`; throws on the first that is not an address or range.
    public init(_ entries: [String]) throws(Invalid) {
        var ranges: [Range] = []
        for entry in entries {
            let parts = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let address = Self.parse(String(parts[0])) else { throw Invalid(entry: entry) }
            var bits = 32
            if parts.count == 2 {
                guard let prefix = Int(parts[1]), (0...32).contains(prefix) else { throw Invalid(entry: entry) }
                bits = prefix
            }
            let mask: UInt32 = bits == 0 ? 0 : UInt32.max << UInt32(32 - bits)
            ranges.append(Range(network: address & mask, mask: mask))
        }
        self.ranges = ranges
    }

    /// Whether `address` (dotted IPv4) lies in a trusted range; anything else is not trusted.
    public func contains(_ address: String) -> Bool {
        guard let value = Self.parse(address) else { return false }
        return ranges.contains { value & $0.mask == $0.network }
    }

    /// A dotted IPv4 address as a number; nil for anything else.
    public static func parse(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let byte = UInt8(part) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}
