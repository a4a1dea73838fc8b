/// Lays out command arguments the way `redis*CommandArgv` wants them: one pointer and one
/// explicit length per argument, so arguments may contain NUL and any other byte.
enum ArgumentVector {
    /// Calls `body` with argc, argv and the lengths; the pointers are valid only inside `body`.
    static func withArgv<Result>(
        _ arguments: [RedisArgument],
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int>?) -> Result
    ) -> Result {
        // One contiguous copy of all arguments: a single allocation, and no pointer into any
        // Swift array outlives the closure it was lent to.
        var storage: [UInt8] = []
        storage.reserveCapacity(arguments.reduce(1) { $0 + $1.bytes.count })
        var offsets: [Int] = []
        var lengths: [Int] = []
        offsets.reserveCapacity(arguments.count)
        lengths.reserveCapacity(arguments.count)
        for argument in arguments {
            offsets.append(storage.count)
            lengths.append(argument.bytes.count)
            storage.append(contentsOf: argument.bytes)
        }
        // A trailing byte keeps the storage non-empty, so it always has a base address.
        storage.append(0)
        return storage.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                var argv: [UnsafePointer<CChar>?] = offsets.map { offset in
                    characters.baseAddress.map { UnsafePointer($0 + offset) }
                }
                return argv.withUnsafeMutableBufferPointer { argvBuffer in
                    lengths.withUnsafeBufferPointer { lengthBuffer in
                        body(Int32(arguments.count), argvBuffer.baseAddress, lengthBuffer.baseAddress)
                    }
                }
            }
        }
    }
}
