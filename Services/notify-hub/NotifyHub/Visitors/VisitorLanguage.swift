import Catalog
import Foundation
import HTTP1

/// The language a web visitor reads: the one the desk detected in the visitor's latest
/// message, else the widget's (`?lang=`: the page's or the embed snippet's `data-lang`, else
/// the browser's), else the browser's `Accept-Language`, else `DEFAULT_LANGUAGE`.
///
/// Set on the socket's loop at connect, learned from answers in the desk tasks: a lock
/// keeps the two apart.
final class VisitorLanguage: @unchecked Sendable {
    /// Guards `language`.
    private let lock = NSLock()
    /// The current language.
    private var language: Language

    /// Starts at `language`.
    init(_ language: Language) {
        self.language = language
    }

    /// The language of an upgrade request: `lang` of the query, then `Accept-Language`'s
    /// languages in the order given, else `fallback`.
    convenience init(request: HTTPRequest, fallback: Language) {
        let accepted = (request.headers["Accept-Language"] ?? "").split(separator: ",").map {
            String($0.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces)
        }
        self.init(Language.first(of: [request.query["lang"]] + accepted, else: fallback))
    }

    /// The language to write in now.
    var current: Language {
        lock.withLock { language }
    }

    /// What the visitor reads from now on: the language the desk detected, when the
    /// catalogue has it.
    func learn(_ code: String?) {
        guard let learned = Language(code: code) else { return }
        lock.withLock { language = learned }
    }

    /// The hub's own texts in the current language.
    var texts: VisitorTexts { .of(current) }
}
