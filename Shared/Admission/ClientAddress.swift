import Foundation
import HTTP1

/// The address a per-IP limit counts a request against.
public enum ClientAddress {
    /// The peer's address, or, when the peer is a trusted proxy, the client it names: the
    /// right-most `X-Forwarded-For` entry that is not itself a trusted proxy (entries to its
    /// left were written by the client and prove nothing), else `X-Real-IP`.
    public static func of(_ request: HTTPRequest, trustedProxies: TrustedProxies) -> String {
        let peer = request.remoteAddress.isEmpty ? "unknown" : request.remoteAddress
        guard trustedProxies.contains(peer) else { return peer }
        // A proxy may add its hop as a header line of its own rather than append to the
        // client's line: the lines in order are one list, and only its right end is the proxies'.
        let forwarded = request.headers.values("X-Forwarded-For")
        if !forwarded.isEmpty {
            let hops = forwarded.joined(separator: ",").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if let client = hops.reversed().first(where: { !$0.isEmpty && !trustedProxies.contains($0) }) {
                return client
            }
        }
        if let real = request.headers["X-Real-IP"]?.trimmingCharacters(in: .whitespaces), !real.isEmpty {
            return real
        }
        return peer
    }
}
