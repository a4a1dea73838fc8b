import Admission
import Config
import Testing

@testable import NotifyHub

/// notify-hub's visitor limits believe VISITOR_TRUSTED_PROXIES, and without it the
/// TRUSTED_PROXIES that ingest-api reads too, so one setting serves a whole deployment.
@Suite struct TrustedProxiesFallbackTests {
    @Test func withoutItsOwnSettingTheHubTakesTrustedProxiesAndItsOwnWins() throws {
        let shared = try VisitorOptions(SettingsSource(values: ["TRUSTED_PROXIES": "172.18.0.0/16"]))
        #expect(shared.trustedProxies.contains("172.18.4.5") && !shared.trustedProxies.contains("127.0.0.1"))
        let own = try VisitorOptions(
            SettingsSource(values: ["TRUSTED_PROXIES": "172.18.0.0/16", "VISITOR_TRUSTED_PROXIES": "10.0.0.0/8"]))
        #expect(own.trustedProxies.contains("10.1.2.3") && !own.trustedProxies.contains("172.18.4.5"))
        #expect(try VisitorOptions(SettingsSource(values: [:])).trustedProxies == .loopback)
        do {
            _ = try VisitorOptions(SettingsSource(values: ["TRUSTED_PROXIES": "proxy"]))
            Issue.record("TRUSTED_PROXIES=proxy was accepted")
        } catch {
            #expect(error.setting == "TRUSTED_PROXIES")
        }
    }
}
