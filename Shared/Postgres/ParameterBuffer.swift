import Foundation

/// Statement parameters laid out the way `PQexecParams` wants them: every value's bytes in
/// one buffer, plus parallel arrays of offsets, lengths, formats and type OIDs.
///
/// One buffer (rather than a C string per value) means nothing to free and a single place
/// where pointers are made, inside `withValuePointers`, so none outlives the call.
struct ParameterBuffer {
    /// All values back to back; text values NUL-terminated as libpq requires.
    private var storage: [CChar] = []
    /// Where each value starts in `storage`; nil for NULL.
    private var offsets: [Int?] = []
    /// Each value's length in bytes (libpq reads it for binary values only).
    private(set) var lengths: [Int32] = []
    /// 0 for text, 1 for binary, per value.
    private(set) var formats: [Int32] = []
    /// Each value's type OID; 0 lets the server infer it.
    private(set) var types: [UInt32] = []

    /// Lays out `parameters`, refusing text that holds a NUL: libpq would cut the value at
    /// it and send something other than what the caller wrote.
    init(_ parameters: [PostgresValue]) throws {
        for (index, parameter) in parameters.enumerated() {
            types.append(parameter.dataType.oid)
            if case .bytes(let data) = parameter {
                guard data.count <= Int32.max else {
                    throw PostgresError(.invalidParameter, "parameter $\(index + 1) is larger than 2 GiB")
                }
                offsets.append(storage.count)
                storage.append(contentsOf: data.map { CChar(bitPattern: $0) })
                lengths.append(Int32(data.count))
                formats.append(1)
            } else if let text = parameter.textForm {
                let bytes = text.utf8
                guard !bytes.contains(0) else {
                    throw PostgresError(
                        .invalidParameter,
                        "parameter $\(index + 1) contains a NUL character, which PostgreSQL text cannot hold")
                }
                offsets.append(storage.count)
                storage.append(contentsOf: bytes.map { CChar(bitPattern: $0) })
                storage.append(0)
                lengths.append(Int32(clamping: bytes.count))
                formats.append(0)
            } else {
                offsets.append(nil)
                lengths.append(0)
                formats.append(0)
            }
        }
        // A trailing byte keeps the buffer non-empty, so even an empty binary value gets a
        // real (non-NULL) pointer.
        storage.append(0)
    }

    /// The number of parameters.
    var count: Int32 { Int32(offsets.count) }

    /// Calls `body` with one pointer per value (nil for NULL), valid only during the call.
    func withValuePointers<Result>(_ body: ([UnsafePointer<CChar>?]) -> Result) -> Result {
        storage.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            return body(offsets.map { offset in offset.map { base + $0 } })
        }
    }
}
