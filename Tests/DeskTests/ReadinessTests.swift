import Foundation
import TestSupport
import Testing

extension DeskTests {
    /// `/readyz` (CONTRACT §1): 200 while a process's Redis and PostgreSQL answer, 503 with
    /// the reason while one is gone, 200 again once it is back, with no restart of the
    /// process. The desk runs on a Redis and a PostgreSQL of the suite's own, so taking
    /// them away disturbs nobody else.
    @Suite struct ReadinessTests {
        @Test func readyzFollowsRedisAndPostgreSQLGoingAwayAndComingBack() async throws {
            try await PrivateServer.with([.redis, .postgres]) { servers in
                let (redis, postgres) = (servers[0], servers[1])
                var setup = Desk.Setup()
                setup.redisURL = redis.url
                setup.databaseURL = postgres.url
                try await Desk.run("readiness", setup) { desk in
                    try await expectReadiness(of: desk.services, in: desk, status: 200, "at start")

                    try await redis.stop()
                    try await expectReadiness(
                        of: desk.services, in: desk, status: 503, mentioning: "redis", "Redis gone")
                    try await redis.start()
                    try await expectReadiness(of: desk.services, in: desk, status: 200, "Redis back")

                    try await postgres.stop()
                    try await expectReadiness(
                        of: [desk.ingest], in: desk, status: 503, mentioning: "postgres", "PostgreSQL gone")
                    // The others do not use PostgreSQL: still ready.
                    try await expectReadiness(of: [desk.gateway, desk.relay] + desk.hubs, in: desk, status: 200, "")
                    try await postgres.start()
                    try await expectReadiness(of: [desk.ingest], in: desk, status: 200, "PostgreSQL back")

                    // Ready means working: a Telegram question goes through Redis and PostgreSQL again.
                    desk.double.userWrites("How do I reset my password?", chatID: 7401)
                    try await desk.telegramMessage(to: 7401) { $0.text.hasPrefix("🤖 Automatic answer:") }
                }
            }
        }

        /// Waits until every one of `services` answers `/readyz` with `status` (and a body
        /// naming `mentioning`); throws with the answers and logs otherwise.
        private func expectReadiness(
            of services: [ServiceProcess], in desk: Desk, status: Int, mentioning word: String? = nil,
            _ moment: String
        ) async throws {
            var answers: [String] = []
            let reached = await eventually(timeout: .seconds(20)) {
                answers = []
                for service in services {
                    let answer = await desk.readiness(of: service)
                    answers.append(
                        "\(service.executable.rawValue): \(answer.map { "\($0.status) \($0.body)" } ?? "no answer")")
                    guard let answer, answer.status == status else { return false }
                    if let word, !answer.body.lowercased().contains(word) { return false }
                }
                return true
            }
            if !reached {
                throw DeskError(
                    "\(moment): /readyz not \(status) everywhere:\n\(answers.joined(separator: "\n"))\n\(desk.logTails())"
                )
            }
        }
    }
}
