/// A message (Bot API `Message`), with the fields this suite reads. Unknown fields are
/// ignored; media is only noticed (`mediaKind`), since the suite relays it with copyMessage.
public struct Message: Codable, Sendable, Equatable {
    /// The message's id within its chat.
    public var messageID: Int64
    /// The sender; nil for messages sent on behalf of a channel.
    public var from: User?
    /// The chat it belongs to.
    public var chat: Chat
    /// When it was sent, Unix time.
    public var date: Int64
    /// When it was last edited, Unix time (edited messages only).
    public var editDate: Int64?
    /// The text of a text message.
    public var text: String?
    /// The caption of a media message.
    public var caption: String?
    /// The forum topic it belongs to, in forum supergroups.
    public var messageThreadID: Int64?
    /// The kind of media it carries ("photo", "document", …), nil for plain text.
    public var mediaKind: String?
    /// The message it replies to (one level deep, as Telegram sends it).
    public var replyToMessage: Message? {
        get { replyStorage?.message }
        set { replyStorage = newValue.map(ReplyStorage.init) }
    }

    /// Holds the replied message: a struct cannot contain itself directly.
    private var replyStorage: ReplyStorage?

    /// The media fields whose presence makes a message a media message, in the order checked.
    public static let mediaKinds = [
        "photo", "document", "sticker", "voice", "video", "video_note", "audio", "animation", "location",
        "contact", "poll", "venue", "dice",
    ]

    /// Creates a message.
    public init(
        messageID: Int64, from: User? = nil, chat: Chat, date: Int64 = 0, text: String? = nil,
        caption: String? = nil, mediaKind: String? = nil, messageThreadID: Int64? = nil,
        editDate: Int64? = nil, replyToMessage: Message? = nil
    ) {
        self.messageID = messageID
        self.from = from
        self.chat = chat
        self.date = date
        self.text = text
        self.caption = caption
        self.mediaKind = mediaKind
        self.messageThreadID = messageThreadID
        self.editDate = editDate
        self.replyToMessage = replyToMessage
    }

    /// Whether the text is a bot command ("/start", "/operator@MyBot …").
    public var command: String? {
        guard let text, text.hasPrefix("/") else { return nil }
        let word = text.prefix { !$0.isWhitespace }
        return String(word.prefix { $0 != "@" })
    }

    /// Equal when every kept field is.
    public static func == (left: Message, right: Message) -> Bool {
        left.messageID == right.messageID && left.chat == right.chat && left.from == right.from
            && left.date == right.date && left.text == right.text && left.caption == right.caption
            && left.mediaKind == right.mediaKind && left.messageThreadID == right.messageThreadID
            && left.editDate == right.editDate && left.replyToMessage == right.replyToMessage
    }
}

/// The boxed reply of a `Message`.
private final class ReplyStorage: Sendable {
    /// The replied message.
    let message: Message

    /// Boxes `message`.
    init(_ message: Message) { self.message = message }
}

extension Message {
    /// The Bot API's field names, media kinds included.
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        /// A key by name.
        init(_ name: String) { stringValue = name }
        /// A key by name.
        init?(stringValue: String) { self.stringValue = stringValue }
        /// No integer keys.
        init?(intValue: Int) { nil }
    }

    /// Decodes tolerantly: only `message_id` and `chat` are required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        messageID = try container.decode(Int64.self, forKey: Key("message_id"))
        chat = try container.decode(Chat.self, forKey: Key("chat"))
        from = try? container.decodeIfPresent(User.self, forKey: Key("from"))
        date = (try? container.decodeIfPresent(Int64.self, forKey: Key("date"))) ?? 0
        editDate = try? container.decodeIfPresent(Int64.self, forKey: Key("edit_date"))
        text = try? container.decodeIfPresent(String.self, forKey: Key("text"))
        caption = try? container.decodeIfPresent(String.self, forKey: Key("caption"))
        // Telegram also puts a thread id on replies in groups without topics (the replied
        // message's id): only a topic message's thread id names a forum topic.
        let isTopicMessage = (try? container.decodeIfPresent(Bool.self, forKey: Key("is_topic_message"))) == true
        messageThreadID =
            isTopicMessage ? try? container.decodeIfPresent(Int64.self, forKey: Key("message_thread_id")) : nil
        mediaKind = Self.mediaKinds.first { container.contains(Key($0)) }
        let reply = try? container.decodeIfPresent(Message.self, forKey: Key("reply_to_message"))
        replyStorage = reply.map(ReplyStorage.init)
    }

    /// Encodes the fields this type keeps (media as `{kind: true}`, enough for tests and logs).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(messageID, forKey: Key("message_id"))
        try container.encode(chat, forKey: Key("chat"))
        try container.encodeIfPresent(from, forKey: Key("from"))
        try container.encode(date, forKey: Key("date"))
        try container.encodeIfPresent(editDate, forKey: Key("edit_date"))
        try container.encodeIfPresent(text, forKey: Key("text"))
        try container.encodeIfPresent(caption, forKey: Key("caption"))
        try container.encodeIfPresent(messageThreadID, forKey: Key("message_thread_id"))
        if messageThreadID != nil { try container.encode(true, forKey: Key("is_topic_message")) }
        if let mediaKind { try container.encode(true, forKey: Key(mediaKind)) }
        try container.encodeIfPresent(replyToMessage, forKey: Key("reply_to_message"))
    }
}
