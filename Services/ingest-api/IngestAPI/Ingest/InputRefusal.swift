/// Why what a client sent was refused before anything was stored: the client's to fix.
/// Thrown by the checks on input (`IngestValidation`, `IngestCaller`), which know nothing
/// of HTTP; `APIErrors` answers `.invalid` with 400 `bad_request` and `.forbidden` with 403
/// `forbidden`, the message as the error's message.
enum InputRefusal: Error, Equatable, CustomStringConvertible {
    /// A field is missing, malformed or out of bounds; the message names the field.
    case invalid(String)
    /// The caller may not write this (an outsider naming a Telegram or web chat).
    case forbidden(String)

    var description: String {
        switch self {
        case .invalid(let message), .forbidden(let message): message
        }
    }
}
