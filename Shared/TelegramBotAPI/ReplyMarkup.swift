/// A button of a reply keyboard: pressing it sends its text as a message.
public struct KeyboardButton: Codable, Sendable, Equatable {
    /// The button's label, also the text it sends.
    public var text: String

    /// Creates a button.
    public init(text: String) { self.text = text }
}

/// A custom keyboard shown instead of the letters (Bot API `ReplyKeyboardMarkup`).
public struct ReplyKeyboardMarkup: Codable, Sendable, Equatable {
    /// Rows of buttons.
    public var keyboard: [[KeyboardButton]]
    /// Fit the keyboard's height to its buttons.
    public var resizeKeyboard: Bool?
    /// Keep the keyboard shown when the user hides the regular one.
    public var isPersistent: Bool?

    /// Creates a keyboard.
    public init(keyboard: [[KeyboardButton]], resizeKeyboard: Bool? = true, isPersistent: Bool? = true) {
        self.keyboard = keyboard
        self.resizeKeyboard = resizeKeyboard
        self.isPersistent = isPersistent
    }

    /// The Bot API's field names.
    enum CodingKeys: String, CodingKey {
        case keyboard
        case resizeKeyboard = "resize_keyboard"
        case isPersistent = "is_persistent"
    }
}

/// A button under a message (Bot API `InlineKeyboardButton`), here the callback kind.
public struct InlineKeyboardButton: Codable, Sendable, Equatable {
    /// The button's label.
    public var text: String
    /// Data sent back in a `CallbackQuery` when pressed (1-64 bytes).
    public var callbackData: String?
    /// A URL opened when pressed.
    public var url: String?

    /// Creates a button.
    public init(text: String, callbackData: String? = nil, url: String? = nil) {
        self.text = text
        self.callbackData = callbackData
        self.url = url
    }

    /// The Bot API's field names.
    enum CodingKeys: String, CodingKey {
        case text, url
        case callbackData = "callback_data"
    }
}

/// Buttons under a message (Bot API `InlineKeyboardMarkup`).
public struct InlineKeyboardMarkup: Codable, Sendable, Equatable {
    /// Rows of buttons.
    public var inlineKeyboard: [[InlineKeyboardButton]]

    /// Creates an inline keyboard.
    public init(inlineKeyboard: [[InlineKeyboardButton]]) { self.inlineKeyboard = inlineKeyboard }

    /// The Bot API's field names.
    enum CodingKeys: String, CodingKey {
        case inlineKeyboard = "inline_keyboard"
    }
}

/// The `reply_markup` of a sent message: one of the keyboards, or removing the reply keyboard.
public enum ReplyMarkup: Codable, Sendable, Equatable {
    /// A keyboard replacing the letters.
    case replyKeyboard(ReplyKeyboardMarkup)
    /// Buttons under the message.
    case inlineKeyboard(InlineKeyboardMarkup)
    /// `{"remove_keyboard": true}`.
    case removeKeyboard

    /// Field names that tell the variants apart.
    private enum Discriminator: String, CodingKey {
        case keyboard
        case inlineKeyboard = "inline_keyboard"
        case removeKeyboard = "remove_keyboard"
    }

    /// Encodes the variant as the Bot API expects it (no wrapper object).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .replyKeyboard(let markup): try markup.encode(to: encoder)
        case .inlineKeyboard(let markup): try markup.encode(to: encoder)
        case .removeKeyboard:
            var container = encoder.container(keyedBy: Discriminator.self)
            try container.encode(true, forKey: .removeKeyboard)
        }
    }

    /// Decodes by the field present.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Discriminator.self)
        if container.contains(.keyboard) {
            self = .replyKeyboard(try ReplyKeyboardMarkup(from: decoder))
        } else if container.contains(.inlineKeyboard) {
            self = .inlineKeyboard(try InlineKeyboardMarkup(from: decoder))
        } else {
            self = .removeKeyboard
        }
    }
}
