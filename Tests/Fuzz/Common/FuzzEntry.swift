// The entry point of a fuzz target, shared by every target (the target folders hold
// symbolic links to this file). Each target defines `fuzzOne(_:)`, which runs one input and
// traps when an invariant breaks.
#if FUZZING
    import Glibc

    /// libFuzzer calls this once per generated input.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        fuzzOne(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }

    /// libFuzzer's driver: parses libFuzzer's flags and runs the fuzzing loop.
    @_extern(c, "LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32
#else
    import Foundation
#endif

/// Built with `-sanitize=fuzzer -DFUZZING`: hands over to libFuzzer. Otherwise the regression
/// runner: replays every file named on the command line (folders are walked recursively)
/// through `fuzzOne(_:)` and says how many it ran.
@main struct FuzzEntry {
    static func main() {
        #if FUZZING
            // libFuzzer's own `main` cannot be used: SwiftPM links every executable with
            // `--defsym main=<module>_main`, which replaces it with this function.
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, fuzzTestOneInput))
        #else
            let paths = CommandLine.arguments.dropFirst()
            guard !paths.isEmpty else {
                print("usage: \(CommandLine.arguments[0]) FILE_OR_FOLDER...")
                exit(2)
            }
            var count = 0
            for file in paths.flatMap(files(at:)) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("cannot read \(file)")
                    exit(1)
                }
                data.withUnsafeBytes { fuzzOne($0) }
                count += 1
            }
            print("replayed \(count) inputs")
        #endif
    }

    #if !FUZZING
        /// `path` itself when it is a file, else every file below it, in a stable order.
        static func files(at path: String) -> [String] {
            guard isFolder(path) else { return [path] }
            let below = (FileManager.default.subpaths(atPath: path) ?? []).sorted().map { path + "/" + $0 }
            return below.filter { !isFolder($0) }
        }

        static func isFolder(_ path: String) -> Bool {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
        }
    #endif
}
