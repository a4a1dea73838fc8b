import Domain
import Foundation

/// A `POST /api/ingest` body, validated and completed: language detected when absent,
/// channel defaulted, chat id chosen.
struct IngestInput: Sendable {
    /// The text.
    var text: String
    /// The language code (normalized).
    var language: String
    /// telegram, web or api.
    var channel: Channel
    /// The chat: as given; else the user's id (a Telegram private chat has its user's id;
    /// for an outsider "api-<user id>", which cannot be a Telegram chat); else a one-off
    /// chat "api-<uuid>" so the message still has a history to live in.
    var chatID: String
    /// Who wrote it, if the client said.
    var user: ChatUser?

    /// Validates `request` from `caller`; throws an `InputRefusal` naming the bad field, or
    /// saying what the caller may not write.
    init(_ request: IngestRequest, caller: IngestCaller, detector: LanguageDetector) throws {
        try caller.check(request)
        text = try IngestValidation.text(request.text)
        if let language = request.language, !language.isEmpty {
            self.language = try IngestValidation.language(language)
        } else {
            language = detector.detect(text)
        }
        channel = try IngestValidation.channel(request.channel)
        user = try IngestValidation.user(request.user)
        if let chatID = request.chatID, !chatID.isEmpty {
            self.chatID = try IngestValidation.chatID(chatID)
        } else if let userID = user?.id {
            chatID = caller == .desk ? userID : "api-" + userID
        } else {
            chatID = "api-" + UUID().uuidString.lowercased()
        }
    }
}
