// Placeholder until the Telegram test double lands.
