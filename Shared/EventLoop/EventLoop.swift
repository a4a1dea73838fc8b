// Placeholder until the EventLoop module lands.
