extension Catalogue {
    /// Russian: the original bots' wording wherever they had one.
    static let russian: [TextKey: String] = [
        .greeting:
            "Здравствуйте! Я бот поддержки: задайте вопрос, и я постараюсь ответить. Чтобы подключить к диалогу "
            + "оператора, нажмите кнопку «Подключить/отключить оператора»; повторное нажатие отключит оператора.",
        .adminGreeting:
            "Здравствуйте! Я бот администратора. Я сообщу вам, когда появятся новые вопросы, требующие помощи.",
        .operatorButton: "Подключить/отключить оператора",
        .operatorConnected: "Оператор подключен к диалогу",
        .operatorDisconnected: "Оператор отключен от диалога",
        .connectionError: "Ошибка подключения",
        .processingError: "Ошибка обработки",
        .textOnly: "Извините, пока я понимаю только текстовые сообщения.",
        .automaticAnswer: "🤖 Автоматическое решение:\n{answer}",
        .confidence: "(Уверенность: {percent}%)",
        .ticketNotice:
            "📝 Ваш запрос зарегистрирован!\n\nID тикета: #{ticket_id}\nКатегория: {category}\nПриоритет: {priority}\n"
            + "Отдел: {department}\n\nНаш специалист скоро ответит!",
        .operatorReply: "Ответ оператора: {answer}",

        .webConnected: "Соединение со службой поддержки установлено",
        .webUnreachable: "Служба поддержки сейчас недоступна. Попробуйте позже.",
        .webProcessingError: "Не удалось обработать ваше сообщение. Попробуйте позже.",
        .webSlowDown: "Слишком много сообщений, пожалуйста, пишите реже.",
        .webAddressBusy: "Из вашей сети сейчас приходит слишком много сообщений, попробуйте чуть позже.",
        .webContactAddressBusy: "Из вашей сети сейчас слишком много запросов оператора, попробуйте позже.",
        .webBusy: "Ещё отвечаю на ваши предыдущие сообщения, подождите, пожалуйста.",
        .webBinaryRefused: "Двоичные сообщения не поддерживаются, отправляйте текст JSON",
        .webContactReceived: "Ваш запрос получен. Оператор скоро свяжется с вами.",
        .webContactAlreadyRequested: "Вы только что отправили запрос, оператор скоро свяжется с вами.",

        .editedMark: "(изменено)",
        .invalidOperatorFormat: "Неверный формат сообщения. Используйте формат 'chat_id: сообщение'.",
        .messageFromUser: "Сообщение от пользователя {chat_id} ({name})",
        .handoffHint: "Ответьте в формате chat_id: ответ",
        .historyUnavailable: "(история недоступна)",
        .historyEmpty: "(предыдущих сообщений нет)",
        .senderUser: "Пользователь",
        .senderBot: "Бот",
        .senderOperator: "Оператор",
        .escalation:
            "⚠️ <b>Вопрос требует обработки:</b>\n\n<b>От:</b> {name}\n<b>Вопрос:</b> {question}\n\n"
            + "<b>Текущий ответ:</b> {response}\n\n<i>Пожалуйста, ответьте этому пользователю.</i>",
        .escalationChat: "Чат: {chat_id}. Ответьте на это сообщение или напишите '{chat_id}: ответ'.",
        .unknownUser: "Неизвестный пользователь",
        .webVisitor: "посетитель сайта",
        .answerEmpty: "Ответ пустой: в чат {chat_id} ничего не отправлено.",
        .unknownChat: "Неизвестный чат {chat_id}: переписки с ним не было. Ничего не отправлено.",
        .webTextOnly: "Посетители сайта получают только текст: отправьте ответ в чат {chat_id} текстом.",
        .notAChatID:
            "'{chat_id}' — не идентификатор чата: укажите id чата Telegram (число) или id вида web-…, "
            + "например '123456: ваш ответ'.",
        .telegramOff: "Telegram отключён: ответ в чат {chat_id} не отправлен.",
        .answerToBlockedUser:
            "Пользователь {chat_id} заблокировал бота: ответ сохранён в истории, но не доставлен.",
        .userBlockedBot:
            "Пользователь {chat_id} ({name}) заблокировал бота: сообщения не дойдут до него, пока он не напишет снова.",
        .notDelivered: "Не доставлено в чат {chat_id}: {reason}",

        .commandList: "Команды: /tickets, /close {ticket_id}, /bot {chat_id}, /ban {chat_id}, /unban {chat_id}",
        .usageClose: "Формат: /close {ticket_id}, например /close 42",
        .usageChatCommand: "Формат: /{command} {chat_id}: id чата Telegram (число) или id вида web-…",
        .usageShort: "Формат: /{command} {chat_id}",
        .banned:
            "Пользователь {chat_id} заблокирован: его сообщения больше не доходят до операторов (отменить: /unban {chat_id}).",
        .alreadyBanned: "Пользователь {chat_id} уже заблокирован.",
        .unbanned: "Пользователь {chat_id} разблокирован: его сообщения снова доходят до операторов.",
        .notBanned: "Пользователь {chat_id} не был заблокирован.",
        .noOpenTickets: "Открытых тикетов нет.",
        .openTickets: "Открытые тикеты:",
        .ticketLine: "#{id} [{status}] {category} · {priority} · {department} · чат {chat_id}",
        .ticketClosed: "Тикет #{id} закрыт.",
        .noTicket: "Тикета #{id} нет.",
        .backToBot: "Чат {chat_id} снова обслуживает бот.",
        .deskUnavailable: "ingest-api недоступен, попробуйте чуть позже.",
        .deskRefused: "ingest-api отказал: {reason}",
    ]
}
