/// Why the service cannot start: one readable line for the log.
struct StartupError: Error, CustomStringConvertible {
    /// The reason, in words.
    let description: String

    /// An error saying `description`.
    init(_ description: String) {
        self.description = description
    }
}
