// Placeholder until the TelegramOutbox module lands.
