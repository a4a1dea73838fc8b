import Domain

/// What web visitors read from the hub itself (answers come from the desk), in English
/// and Russian like the Telegram side; other languages get English.
enum VisitorTexts {
    /// The desk cannot be reached (CONTRACT §6: the socket stays open, the visitor retries).
    static let unreachable = "The support desk is unreachable right now. Please try again later."
    /// The desk answered something the hub cannot show.
    static let processingError = "The support desk could not process your message. Please try again later."
    /// The visitor's own message limit was hit.
    static let slowDown = "Too many messages; please slow down."
    /// The ceiling of the visitor's address (all its visitors together) was hit.
    static let addressBusy = "Too many messages from your network right now; please try again in a moment."

    /// The error text of a refused message.
    static func text(for refusal: VisitorLimits.Refusal) -> String {
        switch refusal {
        case .visitor: slowDown
        case .address: addressBusy
        }
    }
    /// Too many messages wait for their answers already.
    static let busy = "Still answering your previous messages; please wait."
    /// Binary frames are not part of either dialect.
    static let binaryRefused = "binary messages are not supported; send JSON text"
    /// The greeting of `connection_established`.
    static let connected = "Connected to the support desk"
    /// A contact request too soon after the previous ones.
    static let contactAlreadyRequested = "Your request was sent a moment ago; an operator will contact you soon."
    /// The address used its contact requests for the hour (a flood, or a very busy office).
    static let contactAddressBusy =
        "Too many requests for an operator from your network right now; please try again later."
    /// The acknowledgement of a contact request.
    static let contactReceived = "Your request has been received. An operator will contact you soon."

    /// The visitor's text for a failed desk call.
    static func text(for error: DeskError) -> String {
        switch error {
        case .unreachable: unreachable
        case .badAnswer: processingError
        }
    }

    /// The notice of a new ticket, as the Telegram side words it (CONTRACT §4).
    static func ticketNotice(_ response: IngestResponse) -> String {
        let ticket = response.ticketID.map { "#\($0)" } ?? "—"
        let category = response.category ?? "—"
        let priority = response.priority ?? "—"
        let department = response.department ?? "—"
        if response.language == "ru" {
            return "📝 Ваш запрос зарегистрирован!\n\nЗаявка: \(ticket)\nКатегория: \(category)\n"
                + "Приоритет: \(priority)\nОтдел: \(department)\n\nСпециалист скоро ответит."
        }
        return "📝 Your request is registered!\n\nTicket: \(ticket)\nCategory: \(category)\n"
            + "Priority: \(priority)\nDepartment: \(department)\n\nA specialist will answer soon."
    }
}
