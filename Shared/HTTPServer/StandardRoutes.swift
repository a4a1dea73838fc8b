import JSONEscaping
import Synchronization
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

    /// One check's failure, or nil. Returns at the time-out even when the check itself
    /// keeps waiting (a blocking client cannot be cancelled): the late result is dropped.
    private static func outcome(of check: ReadinessCheck, timeoutSeconds: Double) async -> String? {
        await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let answer = FirstAnswer(continuation)
            Task {
                do {
                    try await check.check()
                    answer.resume(nil)
                } catch {
                    answer.resume("\(check.name): \(error)")
                }
            }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(timeoutSeconds * 1e9))
                answer.resume("\(check.name): no answer within \(timeoutSeconds) s")
            }
        }
    }
}

/// Resumes a continuation with whichever answer comes first; later ones are dropped.
private final class FirstAnswer: Sendable {
    private let continuation: Mutex<CheckedContinuation<String?, Never>?>

    init(_ continuation: CheckedContinuation<String?, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ value: String?) {
        let waiting = continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        waiting?.resume(returning: value)
    }
}
