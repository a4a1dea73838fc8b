import Domain

/// The checks on what clients send, each failing with an `InputRefusal.invalid` that names
/// the field (a 400).
enum IngestValidation {
    /// The longest message text accepted, in Unicode scalars (Telegram's own limit is 4,096).
    static let maxTextLength = MessageLimits.maxTextLength
    /// The longest chat id, user field or name accepted.
    static let maxFieldLength = 200

    /// The text, trimmed; refused when empty, too long, or holding a NUL (PostgreSQL text
    /// cannot).
    static func text(_ text: String, field: String = "text") throws -> String {
        let trimmed = text.trimmingPrefix(while: \.isWhitespace)
        let value = String(trimmed.reversed().trimmingPrefix(while: \.isWhitespace).reversed())
        guard !value.isEmpty else { throw InputRefusal.invalid("\(field) must not be empty") }
        guard value.unicodeScalars.count <= maxTextLength else {
            throw InputRefusal.invalid("\(field) is longer than \(maxTextLength) characters")
        }
        guard !value.unicodeScalars.contains("\u{0}") else {
            throw InputRefusal.invalid("\(field) must not contain NUL characters")
        }
        return value
    }

    /// A chat id: 1-200 characters, no control characters.
    static func chatID(_ chatID: String) throws -> String {
        try field(chatID, name: "chat_id")
    }

    /// A short field (ids, names): 1-200 characters, no control characters.
    static func field(_ value: String, name: String) throws -> String {
        guard !value.isEmpty, value.unicodeScalars.count <= maxFieldLength else {
            throw InputRefusal.invalid("\(name) must be 1 to \(maxFieldLength) characters")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw InputRefusal.invalid("\(name) must not contain control characters")
        }
        return value
    }

    /// An optional short field; empty counts as absent.
    static func optionalField(_ value: String?, name: String) throws -> String? {
        guard let value, !value.isEmpty else { return nil }
        return try field(value, name: name)
    }

    /// The channel: telegram, web or api.
    static func channel(_ channel: String?) throws -> Channel {
        guard let channel else { return .api }
        guard let known = Channel(rawValue: channel.lowercased()) else {
            throw InputRefusal.invalid("channel must be one of telegram, web, api")
        }
        return known
    }

    /// A language code, normalized (kz → kk).
    static func language(_ language: String) throws -> String {
        guard let code = LanguageCode.normalized(language) else {
            throw InputRefusal.invalid("language must be a language code such as ru, kk, en, vi, zh")
        }
        return code
    }

    /// The user, each field checked.
    static func user(_ user: ChatUser?) throws -> ChatUser? {
        guard let user else { return nil }
        return ChatUser(
            id: try optionalField(user.id, name: "user.id"),
            firstName: try optionalField(user.firstName, name: "user.first_name"),
            lastName: try optionalField(user.lastName, name: "user.last_name"),
            username: try optionalField(user.username, name: "user.username"))
    }
}
