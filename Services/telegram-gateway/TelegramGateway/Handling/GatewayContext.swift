import Catalog
import ChatState
import Events
import IngestClient
import Logging
import TelegramBotAPI
import TelegramOutbox

/// What handling an update needs, built once in `TelegramGatewayApp`.
struct GatewayContext: Sendable {
    /// The Bot API (only for answerCallbackQuery; everything else goes through the outbox).
    let api: BotAPIClient
    /// Where answers to users go.
    let outbox: TelegramOutbox
    /// Sends at once under the flood limits, for what need not survive a crash (drafts).
    let sender: RequestSender
    /// Where operator-mode traffic goes.
    let relay: RelayInbox
    /// Each chat's mode.
    let modes: ChatModeStore
    /// ingest-api.
    let ingest: IngestClient
    /// `mode_changed` events.
    let events: EventPublisher
    /// Chats that blocked the bot.
    let blocked: BlockedChats
    /// What handling each update already decided.
    let memo: UpdateMemo
    /// The chats the desk has seen (every chat that writes to the bot).
    let seen: SeenChats
    /// The language each chat is answered in (detected in its latest text).
    let languages: ChatLanguages
    /// `DEFAULT_LANGUAGE`: for a user whose language nothing tells.
    let defaultLanguage: Language
    /// `OPERATOR_LANGUAGE`: for admins (their greeting).
    let operatorLanguage: Language
    /// The chat where operators work (its messages go to the relay).
    let operatorChatID: Int64?
    /// Which admin messages answer users (they go to the relay too).
    let adminAnswers: AdminAnswers
    /// The pause before the one retry of an ingest call that timed out (CONTRACT §4: 5 s).
    let ingestRetryDelay: Duration
    /// How a slow answer is shown.
    let pacing: AnswerPacing
    /// Where log lines go.
    let logger: Logger

    /// The texts for the user of `chatID`: in the language detected in the text being
    /// answered (`detected`), else the one detected in the chat's earlier texts, else the
    /// Telegram client's `language_code`, else `DEFAULT_LANGUAGE`.
    func texts(for chatID: Int64, user: User?, detected: String? = nil) async -> Texts {
        var remembered: String?
        do {
            remembered = try await languages.language(of: String(chatID))
        } catch {
            logger.warning("chat language unavailable", ["chat": .int(Int(chatID)), "error": .string("\(error)")])
        }
        return Texts.of(Language.first(of: [detected, remembered, user?.languageCode], else: defaultLanguage))
    }

    /// Queues a text for `chatID`. Texts are HTML: pass user parts through `HTMLText.escape`.
    /// `id` names the send after the update that caused it, so handling the update again
    /// does not send twice.
    func reply(_ text: String, to chatID: Int64, id: String, keyboard: [[String]]? = nil) async throws {
        try await outbox.enqueue(.text(id: id, chatID: chatID, text: text, isHTML: true, replyKeyboard: keyboard))
    }
}
