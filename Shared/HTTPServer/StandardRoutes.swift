import JSONEscaping
import HTTP1

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
    /// `timeoutSeconds`, else 503 with the reason) and `/metrics` (Prometheus text).
    public mutating func addStandardRoutes(metrics: Metrics, readiness: [ReadinessCheck] = [], timeoutSeconds: Double = 5) {
        addInline("GET", "/healthz") { _ in .json(raw: "{\"status\":\"ok\"}") }
        addInline("GET", "/metrics") { _ in
            HTTPResponse(
                status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                body: Array(metrics.render().utf8))
        }
        add("GET", "/readyz") { _ in
            let failures = await Self.failures(of: readiness, timeoutSeconds: timeoutSeconds)
            guard !failures.isEmpty else { return .json(raw: "{\"status\":\"ready\"}") }
            var text = "{\"status\":\"unavailable\",\"reason\":"
            JSONEscaping.appendQuoted(failures.joined(separator: "; "), to: &text)
            text += "}"
            return .json(raw: text, status: 503)
        }
    }

    /// Runs every check concurrently; returns "name: reason" for each that failed or timed out.
    static func failures(of checks: [ReadinessCheck], timeoutSeconds: Double) async -> [String] {
        await withTaskGroup(of: String?.self) { group in
            for check in checks {
                group.addTask { await Self.outcome(of: check, timeoutSeconds: timeoutSeconds) }
            }
            var failures: [String] = []
            for await failure in group {
                if let failure { failures.append(failure) }
            }
            return failures.sorted()
        }
    }

    /// One check's failure, or nil; "no answer" once the time-out passes.
    private static func outcome(of check: ReadinessCheck, timeoutSeconds: Double) async -> String? {
        await firstResult(within: timeoutSeconds, orElse: "\(check.name): no answer within \(timeoutSeconds) s") {
            do {
                try await check.check()
                return nil
            } catch {
                return "\(check.name): \(error)"
            }
        }
    }
}
