/// One setting of the table (`SettingSpec.all`): its name, its default as the environment
/// would spell it, what `--help` says of it, and which services read it. Parsing takes the
/// default from here (`SettingsSource`), `--help` shows it from here (`SettingsHelp`), so
/// a default is written once.
public struct SettingSpec: Sendable, Hashable {
    /// The environment variable.
    public let name: String
    /// The value used when the variable is unset or empty, spelled as in the environment
    /// (parsed like a set value); nil: unset means "none".
    public let defaultValue: String?
    /// What `--help` shows for an unset value without a default ("none", or whose value stands in).
    public let absent: String
    /// The note after the default in `--help`; empty for none.
    public let help: String
    /// The services that read it; their `--help` lists it.
    public let readers: Set<ServiceName>
    /// The paragraph of `--help` it is listed under.
    public let section: SettingSection

    /// A setting with a default (`defaultValue`), or none (`absent` says what unset means).
    public init(
        _ name: String, default defaultValue: String?, absent: String = "none", help: String = "",
        readers: Set<ServiceName>, section: SettingSection = .desk
    ) {
        self.name = name
        self.defaultValue = defaultValue
        self.absent = absent
        self.help = help
        self.readers = readers
        self.section = section
    }

    /// The default as `--help` shows it, with the note: "8000", "none (Telegram side off)".
    public var shownDefault: String {
        let value = defaultValue ?? absent
        return help.isEmpty ? value : "\(value) (\(help))"
    }
}

/// A paragraph of `--help`: a heading, the settings under it, and a closing note.
public enum SettingSection: Int, CaseIterable, Sendable, Comparable {
    /// CONTRACT §2: the desk's settings.
    case desk
    /// notify-hub's limits per instance.
    case visitorLimits
    /// What outsiders can make the desk keep or do, counted over every instance.
    case outsiderBudgets
    /// notify-hub's admin endpoints.
    case adminEndpoints

    /// The lines before the section's settings.
    public var heading: String {
        switch self {
        case .desk: "Settings (environment, or .env in the working directory; the environment wins):"
        case .visitorLimits:
            """
            Web visitor limits (notify-hub only; per instance). Budgets are per visitor, i.e. per
            client_id of /contact or connection_id of the web IM; per client IP there is only a
            ceiling that an office behind one address does not reach:
            """
        case .outsiderBudgets: "What an outsider can make the desk keep or do (over every instance, counted in Redis):"
        case .adminEndpoints:
            "Admin endpoints (ingest-api: its admin API; notify-hub: /notify, /notify/ticket, the admin pipeline REST and API proxy):"
        }
    }

    /// The line after the section's settings, if any.
    public var closing: String? {
        switch self {
        case .outsiderBudgets: "Past a history budget visitors are still answered; their messages are not kept."
        default: nil
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
