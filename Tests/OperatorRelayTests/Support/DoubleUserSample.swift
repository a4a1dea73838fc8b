import TelegramDouble

/// Users the tests write as.
enum DoubleUserSample {
    /// A user with a first name only.
    static let eve = DoubleUser(id: 704, firstName: "Eve")
}

/// Users of the topic tests.
enum DoubleUserSampleForum {
    /// The first user of a forum desk.
    static let ann = DoubleUser(id: 801, firstName: "Ann")
    /// A user whose topic gets deleted.
    static let cal = DoubleUser(id: 803, firstName: "Cal")
    /// A user of a desk without topics.
    static let dee = DoubleUser(id: 804, firstName: "Dee")
}
