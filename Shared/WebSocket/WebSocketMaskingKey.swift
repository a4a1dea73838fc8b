/// The four-byte key a client XORs over every payload it sends (RFC 6455 §5.3).
public struct WebSocketMaskingKey: RawRepresentable, Hashable, Sendable {
    /// The key's four bytes read as a big-endian integer: the first byte on the wire is the top byte.
    public var rawValue: UInt32

    /// A key from its wire form packed big-endian.
    @inlinable
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// A key from its four bytes in wire order.
    @inlinable
    public init(_ byte0: UInt8, _ byte1: UInt8, _ byte2: UInt8, _ byte3: UInt8) {
        rawValue = UInt32(byte0) << 24 | UInt32(byte1) << 16 | UInt32(byte2) << 8 | UInt32(byte3)
    }

    /// A fresh key from the system random generator, as a client must use for every frame.
    public static func random() -> WebSocketMaskingKey {
        WebSocketMaskingKey(rawValue: UInt32.random(in: .min ... .max))
    }

    /// The key's bytes in wire order.
    @inlinable
    public var bytes: [UInt8] {
        [
            UInt8(truncatingIfNeeded: rawValue >> 24), UInt8(truncatingIfNeeded: rawValue >> 16),
            UInt8(truncatingIfNeeded: rawValue >> 8), UInt8(truncatingIfNeeded: rawValue),
        ]
    }

    /// The key as seen from payload offset `offset`: byte `offset % 4` comes first.
    ///
    /// A payload arriving in several reads is unmasked chunk by chunk; rotating the key
    /// lets every chunk be treated as if it started at offset zero.
    @inlinable
    public func rotated(by offset: Int) -> WebSocketMaskingKey {
        let shift = UInt32(offset & 3) * 8
        guard shift != 0 else { return self }
        return WebSocketMaskingKey(rawValue: rawValue << shift | rawValue >> (32 - shift))
    }

    /// XORs the key over `buffer` in place, the buffer's first byte taking the key's first byte.
    ///
    /// Eight bytes per step: masking is the only per-byte work on a received payload,
    /// so it runs on whole words and only the tail goes byte by byte.
    @inlinable
    public func apply(to buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        let count = buffer.count
        let key32 = UInt64(rawValue)
        // The word whose in-memory bytes are k0 k1 k2 k3 k0 k1 k2 k3 on any host.
        let bigEndianWord = key32 << 32 | key32
        let word = UInt64(bigEndian: bigEndianWord)
        var index = 0
        while index + 8 <= count {
            let value = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            base.storeBytes(of: value ^ word, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            let shift = UInt32(3 - (index & 3)) * 8
            let keyByte = UInt8(truncatingIfNeeded: rawValue >> shift)
            base.storeBytes(
                of: base.load(fromByteOffset: index, as: UInt8.self) ^ keyByte, toByteOffset: index, as: UInt8.self)
            index += 1
        }
    }

    /// XORs the key over a byte array in place.
    @inlinable
    public func apply(to bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { apply(to: $0) }
    }
}
