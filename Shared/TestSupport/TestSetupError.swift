/// Why a test could not set up what it needs (a server, a database, a free resource); the
/// message says what was missing.
public struct TestSetupError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
