import Logging
import Postgres

/// Brings the database up to date at start: the migrations (under the migrator's
/// advisory lock, so several instances starting together are safe), then the FAQ file.
/// While PostgreSQL is unreachable it retries in the background and the API answers 503.
struct DatabaseBootstrap: Sendable {
    /// The PostgreSQL access with its deadline and 503 mapping.
    let database: Database
    /// Applies the migration files.
    let migrator: Migrator
    /// The FAQ file's entries, upserted after migrating.
    let faqEntries: [FAQFile.Entry]
    /// The FAQ in PostgreSQL.
    let faq: FAQStore
    /// The pause between attempts while PostgreSQL is unreachable.
    let retryInterval: Duration
    /// Where the service logs.
    let logger: Logger

    /// Migrates and loads; on a connection failure keeps trying in a task and returns it.
    /// Other failures (a broken migration) are thrown: retrying would not help.
    func run() async throws -> Task<Void, Never>? {
        do {
            try await attempt()
            return nil
        } catch  where Self.isUnreachable(error) {
            logger.warning("PostgreSQL unreachable; retrying the migrations", ["error": .string("\(error)")])
            return Task { await retry() }
        }
    }

    /// Whether `error` says PostgreSQL could not be reached (worth retrying).
    private static func isUnreachable(_ error: any Error) -> Bool {
        if let error = error as? PostgresError { return error.kind == .connectionFailure || error.kind == .poolTimeout }
        return (error as? StoreError)?.isUnavailable == true
    }

    /// Attempts again every `retryInterval` until it works or the task is cancelled.
    private func retry() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: retryInterval)
            do {
                try await attempt()
                return
            } catch {
                logger.warning("migrations not applied yet", ["error": .string("\(error)")])
            }
        }
    }

    /// Migrates, opens the API to calls, and loads the FAQ.
    private func attempt() async throws {
        let applied = try await migrator.migrate(using: database.pool)
        database.markSchemaReady()
        let loaded = try await faq.upsert(faqEntries)
        logger.info("database ready", ["migrations_applied": .int(applied.count), "faq_entries": .int(loaded.count)])
    }
}
