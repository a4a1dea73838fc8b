extension Texts {
    /// Russian, the wording of the original bot.
    static let russian = Texts(
        greeting: "Здравствуйте! Я бот поддержки: задайте вопрос, и я на него отвечу. "
            + "Чтобы поговорить с человеком, нажмите кнопку ниже.",
        operatorButton: "Подключить/отключить оператора",
        operatorConnected: "Оператор подключен к диалогу",
        operatorDisconnected: "Оператор отключен от диалога",
        connectionError: "Ошибка соединения, попробуйте позже",
        processingError: "Ошибка обработки",
        textOnly: "Извините, пока я понимаю только текстовые сообщения.",
        editedMark: "(изменено)",
        invalidOperatorFormat:
            "Неверный формат. Используйте 'chat_id: сообщение' или ответьте на сообщение пользователя.",
        automaticAnswer: { answer, confidence in
            "🤖 Автоматический ответ:\n\(answer)" + (confidence.map { "\n(Уверенность: \($0)%)" } ?? "")
        },
        ticketNotice: { ticketID, category, priority, department in
            "📝 Ваше обращение зарегистрировано!\n\nЗаявка: #\(ticketID)\nКатегория: \(category)\n"
                + "Приоритет: \(priority)\nОтдел: \(department)\n\nСпециалист скоро ответит."
        },
        messageFromUser: { chatID, name in "Сообщение от пользователя \(chatID) (\(name))" },
        operatorReply: { answer in "Ответ оператора: \(answer)" },
        escalation: { name, message, response in
            "⚠️ Вопрос требует обработки:\n\nОт: \(name)\nВопрос: \(message)\n\nТекущий ответ: \(response)"
        },
        escalationChat: { chatID in "Чат: \(chatID). Ответьте на это сообщение или напишите '\(chatID): ответ'." })
}
