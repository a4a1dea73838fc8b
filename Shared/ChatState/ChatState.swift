// Placeholder until the ChatState module lands.
