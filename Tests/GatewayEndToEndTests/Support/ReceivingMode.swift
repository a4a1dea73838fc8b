import Testing

/// The gateway's two ways of receiving updates (`TELEGRAM_MODE`, CONTRACT §2); every flow
/// runs in both.
enum ReceivingMode: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// getUpdates long polling.
    case polling
    /// Telegram POSTs each update to the gateway's webhook.
    case webhook

    /// The name in test reports.
    var testDescription: String { rawValue }
}
