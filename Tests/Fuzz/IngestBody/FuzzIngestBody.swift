import Domain
import HTTP1
import HTTPServer

@testable import IngestAPI

/// Runs one body through what `POST /api/ingest` does before it touches a database: the
/// JSON decoding with its depth and UTF-8 checks, then the validation and the caller's
/// rights for the desk and for an outsider. Checks that:
/// - every refusal is a client error (400, 403 or 413), never a crash or a 5xx;
/// - what is accepted keeps the limits (text length, fields, a chat id);
/// - an outsider never gets a Telegram or web chat, nor another channel than `api`;
/// - the idempotency key of an accepted request is scoped to its caller.
func fuzzOne(_ bytes: UnsafeRawBufferPointer) {
    var headers = HTTPHeaders()
    headers.add("Content-Type", "application/json")
    let request = HTTPRequest(method: "POST", target: "/api/ingest", headers: headers, body: Array(bytes))
    let body: IngestRequest
    do {
        body = try JSONBody.decode(IngestRequest.self, from: request)
    } catch {
        checkClientError(error)
        return
    }
    for caller in [IngestCaller.desk, .outsider] {
        do {
            let input = try IngestInput(body, caller: caller, detector: detector)
            check(!input.text.isEmpty, "an empty text was accepted")
            check(input.text.unicodeScalars.count <= IngestValidation.maxTextLength, "an over-long text was accepted")
            check(!input.chatID.isEmpty, "no chat id was chosen")
            check(!input.language.isEmpty, "no language was chosen")
            if caller == .outsider {
                check(Channel.of(chatID: input.chatID) == .api, "an outsider got chat \(input.chatID)")
                check(input.channel == .api, "an outsider got channel \(input.channel)")
            }
            let key = RequestKey(header: "k", caller: caller, request: body)
            // Compared as bytes: a chat id may begin with a combining mark, which String's
            // hasPrefix (by grapheme) would join to the "|" before it.
            check(
                key.scoped.utf8.starts(with: (caller.rawValue + "|").utf8),
                "a key not scoped to its caller: \(key.scoped)")
        } catch {
            checkClientError(error)
        }
    }
}

/// The language detector, made once (it loads its word lists).
let detector = LanguageDetector()

/// Traps unless `error` is a 400, 403 or 413 of the contract's error shape (a refused input
/// as `APIErrors` answers it).
func checkClientError(_ error: any Error) {
    let answered = (error as? InputRefusal).map(APIErrors.httpError(for:)) ?? error
    guard let error = answered as? HTTPError else {
        check(false, "not an HTTP error: \(error)")
        return
    }
    check([400, 403, 413].contains(error.status), "refused with \(error.status): \(error.message)")
}
