/// The Bot API methods the suite uses, with their parameters typed.
extension BotAPIClient {
    /// `getMe`: the bot itself; a cheap check that the token works.
    public func getMe() async throws(BotAPIError) -> User {
        try await call("getMe", EmptyParameters())
    }

    /// `getUpdates`: updates with ids from `offset` on, waiting up to `timeout` seconds for
    /// the first. Passing an offset confirms (and makes Telegram forget) every update below it.
    public func getUpdates(
        offset: Int64?, limit: Int = 100, timeout: Int, allowedUpdates: [String] = Update.handledKinds
    ) async throws(BotAPIError) -> [Update] {
        let parameters = GetUpdatesParameters(
            offset: offset, limit: limit, timeout: timeout, allowedUpdates: allowedUpdates)
        return try await call("getUpdates", parameters, extraWait: .seconds(timeout))
    }

    /// `setWebhook`: Telegram POSTs updates to `url` with `secretToken` in the
    /// `X-Telegram-Bot-Api-Secret-Token` header; getUpdates stops working meanwhile.
    @discardableResult
    public func setWebhook(
        url: String, secretToken: String, allowedUpdates: [String] = Update.handledKinds
    ) async throws(BotAPIError) -> Bool {
        try await call(
            "setWebhook", SetWebhookParameters(url: url, secretToken: secretToken, allowedUpdates: allowedUpdates))
    }

    /// `deleteWebhook`: back to getUpdates; pending updates are kept unless asked otherwise.
    @discardableResult
    public func deleteWebhook(dropPendingUpdates: Bool = false) async throws(BotAPIError) -> Bool {
        try await call("deleteWebhook", DeleteWebhookParameters(dropPendingUpdates: dropPendingUpdates))
    }

    /// `sendMessage`: returns the message as Telegram stored it.
    @discardableResult
    public func sendMessage(_ message: OutgoingMessage) async throws(BotAPIError) -> Message {
        try await call("sendMessage", message)
    }

    /// `editMessageText`: replaces the text of a message the bot sent.
    @discardableResult
    public func editMessageText(
        chatID: Int64, messageID: Int64, text: String, parseMode: ParseMode? = nil
    ) async throws(BotAPIError) -> Message {
        try await call(
            "editMessageText",
            EditMessageTextParameters(chatID: chatID, messageID: messageID, text: text, parseMode: parseMode))
    }

    /// `sendChatAction`: shows "typing…" (or another `action`) in the chat for about 5 s,
    /// or until the bot's next message arrives.
    @discardableResult
    public func sendChatAction(chatID: Int64, action: String = "typing") async throws(BotAPIError) -> Bool {
        try await call("sendChatAction", SendChatActionParameters(chatID: chatID, action: action))
    }

    /// `answerCallbackQuery`: stops the button's spinner, optionally with a short notice.
    @discardableResult
    public func answerCallbackQuery(id: String, text: String? = nil) async throws(BotAPIError) -> Bool {
        try await call("answerCallbackQuery", AnswerCallbackQueryParameters(callbackQueryID: id, text: text))
    }

    /// `copyMessage`: sends a copy of any message (media included) without "forwarded from".
    @discardableResult
    public func copyMessage(
        chatID: Int64, fromChatID: Int64, messageID: Int64, messageThreadID: Int64? = nil
    ) async throws(BotAPIError) -> MessageID {
        try await call(
            "copyMessage",
            CopyMessageParameters(
                chatID: chatID, fromChatID: fromChatID, messageID: messageID, messageThreadID: messageThreadID))
    }

    /// `createForumTopic`: a new topic in a forum supergroup.
    public func createForumTopic(chatID: Int64, name: String) async throws(BotAPIError) -> ForumTopic {
        try await call("createForumTopic", CreateForumTopicParameters(chatID: chatID, name: name))
    }
}
