// operator-relay: Human handoff: forwards operator-mode chats to the operator chat and operator replies back to users.
import OperatorRelay
import ServiceKit

await ServiceMain.run(
    .operatorRelay,
    summary: "Human handoff: forwards operator-mode chats to the operator chat and operator replies back to users."
) { settings, logger in
    try await OperatorRelayApp.start(settings: settings, logger: logger)
}
