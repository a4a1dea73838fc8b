extension Catalogue {
    /// Kazakh, in Cyrillic with its own letters.
    static let kazakh: [TextKey: String] = [
        .greeting:
            "Сәлеметсіз бе! Мен қолдау ботымын: сұрағыңызды қойыңыз, мен оған жауап беруге тырысамын. Операторды "
            + "диалогқа қосу үшін «Операторды қосу/ажырату» түймесін басыңыз; қайта бассаңыз, оператор ажыратылады.",
        .adminGreeting:
            "Сәлеметсіз бе! Мен әкімші ботымын. Көмекті қажет ететін жаңа сұрақтар түскенде сізге хабарлаймын.",
        .operatorButton: "Операторды қосу/ажырату",
        .operatorConnected: "Оператор диалогқа қосылды",
        .operatorDisconnected: "Оператор диалогтан ажыратылды",
        .connectionError: "Қосылу қатесі, кейінірек қайталап көріңіз",
        .processingError: "Өңдеу қатесі",
        .textOnly: "Кешіріңіз, әзірге мен тек мәтіндік хабарламаларды түсінемін.",
        .automaticAnswer: "🤖 Автоматты шешім:\n{answer}",
        .confidence: "(Сенімділік: {percent}%)",
        .ticketNotice:
            "📝 Сұрауыңыз тіркелді!\n\nТикет ID: #{ticket_id}\nСанат: {category}\nБасымдық: {priority}\n"
            + "Бөлім: {department}\n\nМаманымыз жақында жауап береді!",
        .operatorReply: "Оператордың жауабы: {answer}",

        .webConnected: "Қолдау қызметімен байланыс орнатылды",
        .webUnreachable: "Қолдау қызметі қазір қолжетімсіз. Кейінірек қайталап көріңіз.",
        .webProcessingError: "Хабарламаңызды өңдеу мүмкін болмады. Кейінірек қайталап көріңіз.",
        .webSlowDown: "Хабарламалар тым көп, сирегірек жазыңыз.",
        .webAddressBusy: "Қазір сіздің желіңізден хабарламалар тым көп келіп жатыр, сәлден кейін қайталап көріңіз.",
        .webContactAddressBusy: "Қазір сіздің желіңізден операторға сұраулар тым көп, кейінірек қайталап көріңіз.",
        .webBusy: "Алдыңғы хабарламаларыңызға әлі жауап беріп жатырмын, күте тұрыңыз.",
        .webBinaryRefused: "Екілік хабарламаларға қолдау көрсетілмейді, JSON мәтінін жіберіңіз",
        .webContactReceived: "Сұрауыңыз қабылданды. Оператор жақында сізбен байланысады.",
        .webContactAlreadyRequested: "Сұрауыңыз жаңа ғана жіберілді, оператор жақында сізбен байланысады.",

        .editedMark: "(өңделді)",
        .invalidOperatorFormat:
            "Хабарлама пішімі қате. 'chat_id: хабарлама' пішімін қолданыңыз немесе пайдаланушының хабарламасына "
            + "жауап беріңіз.",
        .messageFromUser: "{chat_id} пайдаланушысының хабарламасы ({name})",
        .handoffHint: "chat_id: жауап пішімінде жауап беріңіз",
        .historyUnavailable: "(тарих қолжетімсіз)",
        .historyEmpty: "(бұрынғы хабарламалар жоқ)",
        .senderUser: "Пайдаланушы",
        .senderBot: "Бот",
        .senderOperator: "Оператор",
        .escalation:
            "⚠️ <b>Өңдеуді қажет ететін сұрақ:</b>\n\n<b>Кімнен:</b> {name}\n<b>Сұрақ:</b> {question}\n\n"
            + "<b>Ағымдағы жауап:</b> {response}\n\n<i>Осы пайдаланушыға жауап беріңіз.</i>",
        .escalationChat: "Чат: {chat_id}. Осы хабарламаға жауап беріңіз немесе '{chat_id}: жауап' деп жазыңыз.",
        .unknownUser: "Белгісіз пайдаланушы",
        .webVisitor: "сайт келушісі",
        .answerEmpty: "Жауап бос: {chat_id} чатына ештеңе жіберілмеді.",
        .unknownChat: "Белгісіз чат {chat_id}: онымен хат алмасу болмаған. Ештеңе жіберілмеді.",
        .webTextOnly: "Сайт келушілері тек мәтін алады: {chat_id} чатына жауапты мәтінмен жіберіңіз.",
        .notAChatID:
            "'{chat_id}' чат идентификаторы емес: Telegram чатының id-ін (сан) немесе web-… түріндегі id-ді "
            + "көрсетіңіз, мысалы '123456: жауабыңыз'.",
        .telegramOff: "Telegram өшірулі: {chat_id} чатына жауап жіберілмеді.",
        .answerToBlockedUser: "{chat_id} пайдаланушысы ботты бұғаттады: жауап тарихта сақталды, бірақ жеткізілмеді.",
        .userBlockedBot: "{chat_id} ({name}) пайдаланушысы ботты бұғаттады: ол қайта жазғанша оған ештеңе жетпейді.",
        .notDelivered: "{chat_id} чатына жеткізілмеді: {reason}",

        .commandList: "Командалар: /tickets, /close {ticket_id}, /bot {chat_id}, /ban {chat_id}, /unban {chat_id}",
        .usageClose: "Пішімі: /close {ticket_id}, мысалы /close 42",
        .usageChatCommand: "Пішімі: /{command} {chat_id}: Telegram чатының id-і (сан) немесе web-… түріндегі id",
        .usageShort: "Пішімі: /{command} {chat_id}",
        .banned:
            "{chat_id} пайдаланушысы бұғатталды: оның хабарламалары енді операторларға жетпейді (болдырмау: /unban {chat_id}).",
        .alreadyBanned: "{chat_id} пайдаланушысы бұрын бұғатталған.",
        .unbanned: "{chat_id} пайдаланушысы бұғаттан шығарылды: оның хабарламалары қайтадан операторларға жетеді.",
        .notBanned: "{chat_id} пайдаланушысы бұғатталмаған еді.",
        .noOpenTickets: "Ашық тикеттер жоқ.",
        .openTickets: "Ашық тикеттер:",
        .ticketLine: "#{id} [{status}] {category} · {priority} · {department} · чат {chat_id}",
        .ticketClosed: "#{id} тикеті жабылды.",
        .noTicket: "#{id} тикеті жоқ.",
        .backToBot: "{chat_id} чаты ботқа қайтарылды.",
        .deskUnavailable: "ingest-api қолжетімсіз, сәлден кейін қайталап көріңіз.",
        .deskRefused: "ingest-api бас тартты: {reason}",
    ]
}
