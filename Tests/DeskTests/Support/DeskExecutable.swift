import Testing

/// The four release executables the suite runs, and the setting that names each one's port.
enum DeskExecutable: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case ingestAPI = "ingest-api"
    case telegramGateway = "telegram-gateway"
    case notifyHub = "notify-hub"
    case operatorRelay = "operator-relay"

    /// The environment variable of its HTTP port (CONTRACT §2).
    var portSetting: String {
        switch self {
        case .ingestAPI: "INGEST_PORT"
        case .telegramGateway: "GATEWAY_PORT"
        case .notifyHub: "WEBSOCKET_PORT"
        case .operatorRelay: "RELAY_PORT"
        }
    }

    /// The executable's name in test output.
    var testDescription: String { rawValue }
}
