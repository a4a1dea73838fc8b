/// Where dashboard replies go: to operator-relay, the one place operator answers are turned
/// into messages to users (so a dashboard reply and a Telegram reply take the same path).
protocol OperatorReplySink: Sendable {
    /// Hands a reply on; `completion` gets nil when it was accepted (durably queued), or why not.
    func forward(chatID: String, text: String, completion: @escaping @Sendable (String?) -> Void)
}
