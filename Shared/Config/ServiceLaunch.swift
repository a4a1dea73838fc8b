import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The start of every executable: `--help`, settings from the environment and `.env`,
/// and the one-line refusal of a bad setting.
public enum ServiceLaunch {
    /// Whether the command line asks for `--help`/`-h`.
    public static func asksForHelp(_ arguments: [String] = CommandLine.arguments) -> Bool {
        arguments.dropFirst().contains(where: { $0 == "--help" || $0 == "-h" })
    }

    /// Handles `--help`/`-h` (prints `usage`, exits 0), loads and validates the settings and
    /// the service's own view of them (`view`, e.g. limits of its own), or prints the bad
    /// setting on one line and exits 2.
    public static func settings<View>(
        service: ServiceName, usage: String, arguments: [String] = CommandLine.arguments,
        view: (SettingsSource, Settings) throws(ConfigError) -> View
    ) -> (Settings, View) {
        if asksForHelp(arguments) {
            print(usage)
            exit(0)
        }
        do {
            let source = try SettingsSource.standard()
            let settings = try Settings(source)
            return (settings, try view(source, settings))
        } catch {
            Logger(label: service.rawValue, level: .error).error(error.description, ["setting": .string(error.setting)])
            exit(2)
        }
    }

    /// `settings(service:usage:view:)` for a service with no view of its own.
    public static func settings(
        service: ServiceName, usage: String, arguments: [String] = CommandLine.arguments
    ) -> Settings {
        settings(service: service, usage: usage, arguments: arguments) { _, _ throws(ConfigError) in }.0
    }
}
