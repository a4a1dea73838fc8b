import Domain

@testable import NotifyHub

/// Runs one text frame through both visitor dialects' readers (`/contact` and the web IM),
/// what an outsider sends most. Checks that:
/// - reading never crashes, and reads the same frame the same way twice;
/// - a message it accepts is not empty and within the text limit ingest-api applies, so an
///   over-long one is refused before anything stores or forwards it;
/// - an IM message's text is its Plain elements' texts, and there is at least one.
func fuzzOne(_ bytes: UnsafeRawBufferPointer) {
    let text = String(decoding: bytes, as: UTF8.self)
    let contact = ContactCommand.parse(text)
    check(contact == ContactCommand.parse(text), "/contact read \(text) two ways")
    switch contact {
    case .chatMessage(let message):
        checkAcceptable(message)
    case .contactRequest(let request):
        checkAcceptable(request.message)
    case .ping, .invalid:
        break
    }
    let pipeline = PipelineCommand.parse(text)
    check(pipeline == PipelineCommand.parse(text), "the IM dialect read \(text) two ways")
    if case .message(let message, let chain) = pipeline {
        checkAcceptable(message)
        check(!chain.isEmpty, "a message without elements was accepted")
    }
}

/// Traps unless `message` is a text the desk would take.
func checkAcceptable(_ message: String) {
    check(!message.isEmpty, "an empty message was accepted")
    check(
        message.unicodeScalars.count <= MessageLimits.maxTextLength,
        "a message of \(message.unicodeScalars.count) characters was accepted")
}
