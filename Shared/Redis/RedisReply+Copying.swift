import CHiredis

extension RedisReply {
    /// Copies a hiredis reply into Swift values. The caller keeps ownership of `reply` and
    /// frees it; nothing here retains a pointer into it.
    ///
    /// `remainingDepth` is how many more array levels may be entered: a reply nested deeper
    /// is refused instead of recursing without bound.
    init(copying reply: UnsafePointer<redisReply>, remainingDepth: Int) throws(RedisError) {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_STRING:
            self = .string(Self.bytes(value.str, count: value.len))
        case REDIS_REPLY_STATUS:
            self = .status(String(decoding: Self.bytes(value.str, count: value.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: Self.bytes(value.str, count: value.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int(value.integer))
        case REDIS_REPLY_NIL:
            self = .null
        case REDIS_REPLY_ARRAY:
            guard remainingDepth > 0 else {
                throw .protocolViolation("reply nested deeper than the limit of arrays in arrays")
            }
            var elements: [RedisReply] = []
            elements.reserveCapacity(value.elements)
            for index in 0..<value.elements {
                guard let element = value.element?[index] else {
                    throw .protocolViolation("array reply with a missing element")
                }
                elements.append(try RedisReply(copying: element, remainingDepth: remainingDepth - 1))
            }
            self = .array(elements)
        default:
            throw .protocolViolation("unknown reply type \(value.type)")
        }
    }

    /// Copies `count` bytes starting at `start` (which may be nil when `count` is 0).
    private static func bytes(_ start: UnsafeMutablePointer<CChar>?, count: Int) -> [UInt8] {
        guard let start, count > 0 else { return [] }
        return start.withMemoryRebound(to: UInt8.self, capacity: count) {
            Array(UnsafeBufferPointer(start: $0, count: count))
        }
    }
}
