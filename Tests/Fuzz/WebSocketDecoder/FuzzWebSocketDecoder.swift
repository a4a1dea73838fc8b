// Placeholder until the fuzz target lands.
@main struct FuzzWebSocketDecoder { static func main() {} }
