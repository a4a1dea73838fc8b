/// The desk under test did something else than the flow expects (it did not start, an
/// answer never came); the message says what, with the logs that explain it.
struct DeskError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    /// An error saying `description`.
    init(_ description: String) { self.description = description }
}
