// Placeholder until the Config module lands.
