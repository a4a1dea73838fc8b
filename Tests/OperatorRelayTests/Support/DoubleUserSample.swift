import TelegramDouble

/// Users the tests write as.
enum DoubleUserSample {
    /// A user with a first name only.
    static let eve = DoubleUser(id: 704, firstName: "Eve")
}
