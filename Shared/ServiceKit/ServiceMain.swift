import Config
import Foundation
import HTTPServer
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The body of every executable: `--help` from the settings table, the settings (one line
/// and exit 2 on a bad one), the start, and a graceful stop on SIGTERM or SIGINT.
public enum ServiceMain {
    /// Runs `service` until SIGTERM/SIGINT. `view` reads the service's own settings beside
    /// `Settings` (or adds a rule); `start` builds and starts the service.
    public static func run<View: Sendable>(
        _ service: ServiceName, summary: String,
        view: (SettingsSource, Settings) throws(ConfigError) -> View,
        start: (Settings, View, Logger) async throws -> any StoppableService
    ) async -> Never {
        ShutdownSignal.prepare()
        let usage = SettingsHelp.usage(for: service, summary: summary)
        let (settings, own) = ServiceLaunch.settings(service: service, usage: usage, view: view)
        let logger = Logger(label: service.rawValue, level: settings.logLevel)
        await serve(logger: logger) { try await start(settings, own, logger) }
    }

    /// `run` for a service with no settings of its own.
    public static func run(
        _ service: ServiceName, summary: String,
        start: (Settings, Logger) async throws -> any StoppableService
    ) async -> Never {
        await run(service, summary: summary, view: { _, _ throws(ConfigError) in }) { settings, _, logger in
            try await start(settings, logger)
        }
    }

    /// Starts the service, waits for SIGTERM or SIGINT (`ShutdownSignal.prepare()` first),
    /// stops it and exits 0; a failed start is logged and exits 1.
    public static func serve(logger: Logger, start: () async throws -> any StoppableService) async -> Never {
        do {
            let service = try await start()
            await ShutdownSignal.wait()
            await service.shutdown()
            exit(0)
        } catch {
            logger.error("could not start", ["error": .string(String(describing: error))])
            exit(1)
        }
    }
}
