// Placeholder until the TelegramBotAPI module lands.
