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
        if let forwarded = request.headers["X-Forwarded-For"] {
            let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
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
