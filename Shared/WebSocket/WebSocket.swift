// Placeholder until the WebSocket module lands.
