/// The four executables of the desk: whose settings a `--help` lists and which port a
/// process binds.
public enum ServiceName: String, CaseIterable, Sendable {
    case ingestAPI = "ingest-api"
    case telegramGateway = "telegram-gateway"
    case notifyHub = "notify-hub"
    case operatorRelay = "operator-relay"
}
