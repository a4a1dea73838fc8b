import Catalog
import Domain

/// What web visitors read from the hub itself (answers come from the desk), in the
/// visitor's language, from the message catalogue (`Catalog`).
struct VisitorTexts: Sendable {
    /// The catalogue's texts in the visitor's language.
    let texts: Texts

    /// The texts of `language`.
    static func of(_ language: Language) -> VisitorTexts { VisitorTexts(texts: .of(language)) }

    /// The desk cannot be reached (CONTRACT §6: the socket stays open, the visitor retries).
    var unreachable: String { texts.text(.webUnreachable) }
    /// The desk answered something the hub cannot show.
    var processingError: String { texts.text(.webProcessingError) }
    /// The visitor's own message limit was hit.
    var slowDown: String { texts.text(.webSlowDown) }
    /// The ceiling of the visitor's address (all its visitors together) was hit.
    var addressBusy: String { texts.text(.webAddressBusy) }
    /// Too many messages wait for their answers already.
    var busy: String { texts.text(.webBusy) }
    /// Binary frames are not part of either dialect.
    var binaryRefused: String { texts.text(.webBinaryRefused) }
    /// The greeting of `connection_established`.
    var connected: String { texts.text(.webConnected) }
    /// A contact request too soon after the previous ones.
    var contactAlreadyRequested: String { texts.text(.webContactAlreadyRequested) }
    /// The acknowledgement of a contact request.
    var contactReceived: String { texts.text(.webContactReceived) }
    /// The address used its contact requests for the hour (a flood, or a very busy office).
    var contactAddressBusy: String { texts.text(.webContactAddressBusy) }

    /// The error text of a refused message.
    func text(for refusal: VisitorLimits.Refusal) -> String {
        switch refusal {
        case .visitor: slowDown
        case .address: addressBusy
        }
    }

    /// The visitor's text for a failed desk call.
    func text(for error: DeskError) -> String {
        switch error {
        case .unreachable: unreachable
        case .badAnswer: processingError
        }
    }

    /// The notice of a new ticket, as the Telegram side words it (CONTRACT §4), in the
    /// language detected in the question (`detected`, by default the desk's), else these
    /// texts' language.
    func ticketNotice(_ response: IngestResponse, detected: String?? = nil) -> String {
        let texts = Texts.forLanguageCode(detected ?? response.language, else: texts.language)
        return texts.ticketNotice(
            response.ticketID ?? 0, response.category ?? "—", response.priority ?? "—", response.department ?? "—")
    }
}
