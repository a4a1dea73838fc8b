import Config
import Testing

/// TRUSTED_PROXIES: whose X-Forwarded-For names the client (ingest-api's admin brake, and
/// notify-hub's visitor limits when VISITOR_TRUSTED_PROXIES is unset).
@Suite struct TrustedProxiesSettingTests {
    @Test func defaultsToLoopbackAndReadsAddressesAndRanges() throws {
        #expect(try Settings(SettingsSource(values: [:])).trustedProxies == ["127.0.0.0/8"])
        let set = try Settings(SettingsSource(values: ["TRUSTED_PROXIES": " 10.0.0.2, 172.16.0.0/12 ,"]))
        #expect(set.trustedProxies == ["10.0.0.2", "172.16.0.0/12"])
    }

    @Test(arguments: ["nginx", "10.0.0.0/33", "10.0.0/8", "256.1.1.1", "10.0.0.1/", "::1"])
    func aBadEntryNamesTheSetting(value: String) {
        #expect {
            _ = try Settings(SettingsSource(values: ["TRUSTED_PROXIES": value]))
        } throws: { error in
            (error as? ConfigError)?.setting == "TRUSTED_PROXIES"
        }
    }
}
