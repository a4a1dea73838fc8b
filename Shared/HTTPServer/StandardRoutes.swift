import HTTP1
import JSONEscaping

/// A dependency `/readyz` checks: throws (with the reason) when it is unreachable.
public struct ReadinessCheck: Sendable {
    public let name: String
    public let check: @Sendable () async throws -> Void

    public init(_ name: String, _ check: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.check = check
    }
}

extension Router {
    /// Adds `/healthz` (the process is up), `/readyz` (every dependency answers within
    /// `timeout`, else 503 with the reason) and `/metrics` (Prometheus text).
    public mutating func addStandardRoutes(
        metrics: Metrics, readiness: [ReadinessCheck] = [], timeout: Duration = .seconds(5)
    ) {
        addInline("GET", "/healthz") { _ in .json(raw: "{\"status\":\"ok\"}") }
        addInline("GET", "/metrics") { _ in
            HTTPResponse(
                status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                body: Array(metrics.render().utf8))
        }
        add("GET", "/readyz") { _ in
            let failures = await Self.failures(of: readiness, timeout: timeout)
            guard !failures.isEmpty else { return .json(raw: "{\"status\":\"ready\"}") }
            var text = "{\"status\":\"unavailable\",\"reason\":"
            JSONEscaping.appendQuoted(failures.joined(separator: "; "), to: &text)
            text += "}"
            return .json(raw: text, status: 503)
        }
    }

    /// Runs every check concurrently; returns "name: reason" for each that failed or timed out.
    static func failures(of checks: [ReadinessCheck], timeout: Duration) async -> [String] {
        await withTaskGroup(of: String?.self) { group in
            for check in checks {
                group.addTask { await Self.outcome(of: check, timeout: timeout) }
            }
            var failures: [String] = []
            for await failure in group {
                if let failure { failures.append(failure) }
            }
            return failures.sorted()
        }
    }

    /// One check's failure, or nil; "no answer" once the time-out passes.
    private static func outcome(of check: ReadinessCheck, timeout: Duration) async -> String? {
        await firstResult(within: timeout, orElse: "\(check.name): no answer within \(timeout / .seconds(1)) s") {
            do {
                try await check.check()
                return nil
            } catch {
                return "\(check.name): \(error)"
            }
        }
    }
}
