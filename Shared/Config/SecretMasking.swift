/// Hides secrets in text that goes to logs or error lines: the password of a URL's
/// `user:password@` and `password=` parameters (a mistyped `DATABASE_URL` must not put its
/// password in the log that reports it).
public enum SecretMasking {
    /// `text` with every URL password and `password=` value replaced by `***`.
    public static func masked(_ text: String) -> String {
        var result = text.replacing(/(:\/\/[^:\/@\s]*:)[^@\s]*@/) { match in "\(match.output.1)***@" }
        result = result.replacing(/(?i)(password=)[^&\s]*/) { match in "\(match.output.1)***" }
        return result
    }
}
