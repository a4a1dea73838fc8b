// Shared by every fuzz target (the target folders hold symbolic links to this file).

/// Ways to cut an input into reads: in half, at a few points the input picks, one byte at a time.
///
/// A parser fed from a socket sees arbitrary cuts; each of these must give the same result
/// as the whole input in one read.
func cutPoints(of input: [UInt8]) -> [[Int]] {
    guard input.count > 1 else { return [] }
    let picked = input.prefix(3).map { Int($0) * input.count / 256 }
    return [[input.count / 2], picked.sorted(), Array(1..<input.count)]
}

/// `bytes` cut before each of the ascending positions in `cuts`.
func pieces(of bytes: [UInt8], cutAt cuts: [Int]) -> [ArraySlice<UInt8>] {
    var result: [ArraySlice<UInt8>] = []
    var start = 0
    for cut in cuts where cut > start && cut < bytes.count {
        result.append(bytes[start..<cut])
        start = cut
    }
    result.append(bytes[start...])
    return result
}

/// A short name for a way of cutting, for failure messages.
func describe(_ cuts: [Int]) -> String {
    cuts.count > 8 ? "one byte at a time" : "cut at \(cuts)"
}

/// Traps with `message` (which libFuzzer reports as a crash) when `condition` is false.
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}
