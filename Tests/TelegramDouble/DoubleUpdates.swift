import Foundation

/// A user as the double puts it into updates.
public struct DoubleUser: Sendable {
    /// The Telegram id.
    public var id: Int64
    /// The first name.
    public var firstName: String
    /// The last name, if any.
    public var lastName: String?
    /// The @username without "@", if any.
    public var username: String?
    /// The client's language code, if known.
    public var languageCode: String?

    /// Creates a user.
    public init(
        id: Int64, firstName: String = "Test", lastName: String? = nil, username: String? = nil,
        languageCode: String? = "en"
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.languageCode = languageCode
    }

    /// The Bot API `User` object.
    var json: String {
        var fields = ["\"id\":\(id)", "\"is_bot\":false", "\"first_name\":" + JSONValue.quoted(firstName)]
        if let lastName { fields.append("\"last_name\":" + JSONValue.quoted(lastName)) }
        if let username { fields.append("\"username\":" + JSONValue.quoted(username)) }
        if let languageCode { fields.append("\"language_code\":" + JSONValue.quoted(languageCode)) }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// Making updates as users would cause them.
extension TelegramDouble {
    /// A user writes `text` in `chatID` (their private chat when `user` is nil), replying to
    /// `replyTo`, in the forum topic `inThread`. Returns the update id.
    @discardableResult
    public func userWrites(
        _ text: String, chatID: Int64, user: DoubleUser? = nil, replyTo: Int64? = nil, inThread thread: Int64? = nil
    ) -> Int64 {
        let extra = "\"text\":" + JSONValue.quoted(text) + placement(chatID, replyTo: replyTo, thread: thread)
        return core.enqueue(fields: "\"message\":" + message(chatID, user: user, extra: extra))
    }

    /// A user sends a photo with an optional caption (as a reply, in a topic).
    @discardableResult
    public func userSendsPhoto(
        chatID: Int64, caption: String? = nil, user: DoubleUser? = nil, replyTo: Int64? = nil,
        inThread thread: Int64? = nil
    ) -> Int64 {
        var extra = "\"photo\":[{\"file_id\":\"AgAD\",\"file_unique_id\":\"AQAD\",\"width\":90,\"height\":90}]"
        if let caption { extra += ",\"caption\":" + JSONValue.quoted(caption) }
        extra += placement(chatID, replyTo: replyTo, thread: thread)
        return core.enqueue(fields: "\"message\":" + message(chatID, user: user, extra: extra))
    }

    /// The reply and topic fields: in a topic, Telegram makes every message a reply to the
    /// topic's first message unless it replies to another one. In a group without topics,
    /// Telegram also gives a reply a `message_thread_id` (the replied message's id, the
    /// "thread" of its replies) but no `is_topic_message`: a bot that takes every thread id
    /// for a topic misreads plain replies.
    private func placement(_ chatID: Int64, replyTo: Int64?, thread: Int64?) -> String {
        var fields = ""
        if let thread {
            fields += ",\"message_thread_id\":\(thread),\"is_topic_message\":true"
        } else if let replyTo, chatID < 0, !core.state.withLock({ $0.forums.contains(chatID) }) {
            fields += ",\"message_thread_id\":\(replyTo)"
        }
        if let replied = replyTo ?? thread {
            fields += ",\"reply_to_message\":{\"message_id\":\(replied),\"date\":0,\"chat\":\(chatJSON(chatID))}"
        }
        return fields
    }

    /// A user edits their message `messageID` to `text`.
    @discardableResult
    public func userEdits(messageID: Int64, to text: String, chatID: Int64, user: DoubleUser? = nil) -> Int64 {
        let extra = "\"text\":" + JSONValue.quoted(text) + ",\"edit_date\":\(Int(Date().timeIntervalSince1970))"
        return core.enqueue(
            fields: "\"edited_message\":" + message(chatID, user: user, extra: extra, messageID: messageID))
    }

    /// A user presses an inline button with `data` under message `messageID`. Returns the update and query ids.
    @discardableResult
    public func userPresses(data: String, messageID: Int64 = 1, chatID: Int64, user: DoubleUser? = nil) -> (
        update: Int64, query: String
    ) {
        let query = "q\(UInt32.random(in: 1...UInt32.max))"
        let author = (user ?? DoubleUser(id: chatID)).json
        let attached = "{\"message_id\":\(messageID),\"date\":0,\"chat\":\(chatJSON(chatID)),\"text\":\"…\"}"
        let body =
            "\"callback_query\":{\"id\":\"\(query)\",\"from\":\(author),\"message\":\(attached),"
            + "\"chat_instance\":\"1\",\"data\":" + JSONValue.quoted(data) + "}"
        return (core.enqueue(fields: body), query)
    }

    /// An update of any kind: `fields` is the JSON object's inside without `update_id`.
    @discardableResult
    public func enqueueUpdate(fields: String) -> Int64 { core.enqueue(fields: fields) }

    /// Delivers update `id` once more (Telegram sometimes does).
    public func deliverAgain(_ id: Int64) { core.enqueueAgain(id: id) }

    /// A message object from `user` in `chatID` with `extra` fields.
    private func message(_ chatID: Int64, user: DoubleUser?, extra: String, messageID: Int64? = nil) -> String {
        let id = messageID ?? core.state.withLock { $0.makeMessageID(in: chatID) }
        let author = (user ?? DoubleUser(id: chatID)).json
        return "{\"message_id\":\(id),\"from\":\(author),\"chat\":\(chatJSON(chatID)),"
            + "\"date\":\(Int(Date().timeIntervalSince1970)),\"brand_new_field\":{\"x\":1},\(extra)}"
    }

    /// A chat object: private for positive ids, a supergroup for negative ones.
    private func chatJSON(_ chatID: Int64) -> String {
        chatID < 0
            ? "{\"id\":\(chatID),\"type\":\"supergroup\",\"title\":\"Operators\"}"
            : "{\"id\":\(chatID),\"type\":\"private\"}"
    }
}
