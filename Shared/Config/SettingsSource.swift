import Foundation

/// Raw setting values: the process environment over `.env` (the environment wins), with
/// typed, validating accessors that name the setting in every error. Each accessor takes a
/// `SettingSpec` and falls back to its default, parsed like a set value.
public struct SettingsSource: Sendable {
    public let values: [String: String]

    public init(values: [String: String]) {
        self.values = values
    }

    /// The environment merged over `.env` in the working directory.
    public static func standard(dotEnvPath: String = ".env") throws(ConfigError) -> SettingsSource {
        var merged = try DotEnv.load(path: dotEnvPath)
        for (name, value) in ProcessInfo.processInfo.environment { merged[name] = value }
        return SettingsSource(values: merged)
    }

    /// The value, or nil when unset or empty (an empty variable means "not set").
    public func string(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// The value, else the spec's default; nil when neither.
    public func string(_ spec: SettingSpec) -> String? { string(spec.name) ?? spec.defaultValue }

    /// The value, else the spec's default, else `fallback`.
    public func string(_ spec: SettingSpec, else fallback: String) -> String { string(spec) ?? fallback }

    /// A whole number in `range`.
    public func integer(_ spec: SettingSpec, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        let text = try required(spec)
        guard let value = Int(text) else {
            throw ConfigError(setting: spec.name, message: "'\(text)' is not a whole number")
        }
        guard range.contains(value) else {
            throw ConfigError(
                setting: spec.name, message: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A whole number of seconds, as a `Duration`.
    public func seconds(_ spec: SettingSpec, in range: ClosedRange<Int>) throws(ConfigError) -> Duration {
        .seconds(try integer(spec, in: range))
    }

    /// A TCP port (0: any free one).
    public func port(_ spec: SettingSpec) throws(ConfigError) -> Int {
        try integer(spec, in: 0...65535)
    }

    /// A finite number in `range`.
    public func double(_ spec: SettingSpec, in range: ClosedRange<Double>) throws(ConfigError) -> Double {
        let text = try required(spec)
        guard let value = Double(text), value.isFinite else {
            throw ConfigError(setting: spec.name, message: "'\(text)' is not a number")
        }
        guard range.contains(value) else {
            throw ConfigError(
                setting: spec.name, message: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// The value or the default; a setting with neither must be set.
    private func required(_ spec: SettingSpec) throws(ConfigError) -> String {
        guard let text = string(spec) else { throw ConfigError(setting: spec.name, message: "must be set") }
        return text
    }

    /// A Telegram id (user or chat: chats of groups are negative).
    public func telegramID(_ spec: SettingSpec) throws(ConfigError) -> Int64? {
        guard let text = string(spec) else { return nil }
        guard let value = Int64(text) else {
            throw ConfigError(setting: spec.name, message: "'\(text)' is not a numeric Telegram id")
        }
        return value
    }

    /// A comma-separated list of Telegram ids.
    public func telegramIDs(_ spec: SettingSpec) throws(ConfigError) -> [Int64] {
        var ids: [Int64] = []
        for item in list(spec) {
            guard let value = Int64(item) else {
                throw ConfigError(setting: spec.name, message: "'\(item)' is not a numeric Telegram id")
            }
            ids.append(value)
        }
        return ids
    }

    /// A comma-separated list, items trimmed, empty items dropped.
    public func list(_ spec: SettingSpec) -> [String] {
        guard let text = string(spec) else { return [] }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A URL with one of `schemes` and a host.
    public func url(_ spec: SettingSpec, schemes: Set<String>) throws(ConfigError) -> URL? {
        guard let text = string(spec) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), schemes.contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw ConfigError(
                setting: spec.name,
                message:
                    "'\(SecretMasking.masked(text))' is not a URL of the form \(schemes.sorted().joined(separator: "|"))://host…"
            )
        }
        return url
    }

    /// An IPv4 address to bind; `fallback` when the spec has no default of its own.
    public func bindAddress(_ spec: SettingSpec, else fallback: String = "") throws(ConfigError) -> String {
        let text = string(spec, else: fallback)
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ Int($0).map { (0...255).contains($0) } ?? false }) else {
            throw ConfigError(setting: spec.name, message: "'\(text)' is not an IPv4 address")
        }
        return text
    }

    /// A comma-separated list of IPv4 addresses and CIDR ranges ("10.0.0.2, 172.16.0.0/12").
    public func addressRanges(_ spec: SettingSpec) throws(ConfigError) -> [String] {
        let name = spec.name
        guard let text = string(spec) else { return [] }
        let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for entry in entries {
            let parts = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            let octets = parts[0].split(separator: ".", omittingEmptySubsequences: false)
            let isAddress = octets.count == 4 && octets.allSatisfy { $0.count <= 3 && UInt8($0) != nil }
            let isPrefix = parts.count == 1 || Int(parts[1]).map { (0...32).contains($0) } ?? false
            guard isAddress, isPrefix else {
                throw ConfigError(setting: name, message: "'\(entry)' is not an IPv4 address or CIDR range")
            }
        }
        return entries
    }

    /// A path that must start with "/".
    public func path(_ spec: SettingSpec) throws(ConfigError) -> String {
        let text = string(spec, else: "")
        guard text.hasPrefix("/"), !text.contains(" ") else {
            throw ConfigError(setting: spec.name, message: "'\(text)' must be a path starting with /")
        }
        return text
    }
}
