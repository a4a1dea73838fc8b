// Placeholder until the fuzz target lands.
@main struct FuzzHTTPParser { static func main() {} }
