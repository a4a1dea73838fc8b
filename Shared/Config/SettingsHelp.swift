/// `--help`, generated from the settings table: the usage line, what the service does, and
/// every setting it reads with its default, by section.
public enum SettingsHelp {
    /// The whole `--help` of `service`: `commands` are extra usage lines ("migrate   apply…"),
    /// `summary` what the service does (a paragraph).
    public static func usage(for service: ServiceName, summary: String, commands: [String] = []) -> String {
        var lines = ["Usage: \(service.rawValue) [--help]"]
        lines += commands.map { "       \(service.rawValue) \($0)" }
        lines += ["", summary, "", settings(of: service)]
        return lines.joined(separator: "\n")
    }

    /// The settings `service` reads, one a line (`NAME   default (help)`), under their sections' headings.
    public static func settings(of service: ServiceName) -> String {
        let specs = SettingSpec.read(by: service)
        var paragraphs: [String] = []
        for section in SettingSection.allCases {
            let listed = specs.filter { $0.section == section }
            guard !listed.isEmpty else { continue }
            var lines = [section.heading]
            lines += listed.map { line(for: $0) }
            if let closing = section.closing { lines.append(closing) }
            paragraphs.append(lines.joined(separator: "\n"))
        }
        return paragraphs.joined(separator: "\n\n")
    }

    /// The column the defaults start in (the longest names still leave a space).
    private static let nameWidth = 40

    /// `  NAME` padded to the defaults' column, then the default and its note.
    static func line(for spec: SettingSpec) -> String {
        let padding = String(repeating: " ", count: max(1, nameWidth - spec.name.count))
        return "  " + spec.name + padding + spec.shownDefault
    }
}
