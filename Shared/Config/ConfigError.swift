/// A setting that stops the process at start: names the setting and what is wrong with it.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The environment variable (or file and line) at fault.
    public let setting: String
    public let message: String

    public init(setting: String, message: String) {
        self.setting = setting
        self.message = message
    }

    /// The one line printed before exiting.
    public var description: String { "invalid setting \(setting): \(message)" }
}
