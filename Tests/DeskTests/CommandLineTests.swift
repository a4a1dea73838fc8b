import Foundation
import TestSupport
import Testing

extension DeskTests {
    /// Every executable's command line (CONTRACT §1, §2): `--help` exits 0; a bad setting
    /// stops it at start with one line naming the setting and exit status 2.
    @Suite struct CommandLineTests {
        /// A setting each executable must refuse.
        enum BadSetting: String, CaseIterable, Sendable {
            /// `REDIS_URL=not-a-url`.
            case redisURL
            /// The executable's own port setting, not a number.
            case port

            /// The name and value for `executable`.
            func setting(for executable: DeskExecutable) -> (name: String, value: String) {
                switch self {
                case .redisURL: ("REDIS_URL", "not-a-url")
                case .port: (executable.portSetting, "abc")
                }
            }
        }

        @Test(arguments: DeskExecutable.allCases)
        func helpPrintsTheUsageWithTheSettingsAndExitsZero(_ executable: DeskExecutable) async throws {
            let directory = try DeskEnvironment.makeScratchDirectory("help")
            defer { try? FileManager.default.removeItem(at: directory) }
            let run = try await ServiceProcess.runToEnd(
                executable, arguments: ["--help"], environment: [:], directory: directory)
            #expect(run.exit == .exited(0))
            #expect(run.stdout.contains("Usage: \(executable.rawValue)"))
            #expect(run.stdout.contains("REDIS_URL") && run.stdout.contains(executable.portSetting))
        }

        @Test(arguments: DeskExecutable.allCases, BadSetting.allCases)
        func aBadSettingStopsTheStartWithOneLineNamingItAndStatusTwo(
            _ executable: DeskExecutable, _ bad: BadSetting
        ) async throws {
            let directory = try DeskEnvironment.makeScratchDirectory("bad-setting")
            defer { try? FileManager.default.removeItem(at: directory) }
            let (name, value) = bad.setting(for: executable)
            // Should the setting be taken, the process stays on loopback and a port of its own.
            var environment = [executable.portSetting: String(unusedPort()), "BIND_ADDRESS": "127.0.0.1"]
            environment[name] = value
            let run = try await ServiceProcess.runToEnd(
                executable, arguments: [], environment: environment, directory: directory, timeout: .seconds(10))
            #expect(run.exit == .exited(2), "\(run.stderr)")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(run.stderr)")
            #expect(lines.first?.contains(name) == true, "\(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }
}
