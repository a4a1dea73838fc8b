import Foundation
import HTTP1
import HTTPServer

/// Reads a request body as a JSON object of type `Body`, or throws a 400 that says what
/// is wrong in words a client developer can act on. Hostile bodies are refused before
/// the decoder sees them: bytes that are not UTF-8, nesting deeper than `maxDepth`.
enum JSONBody {
    /// Deeper nesting than any of our bodies has; refusing it early bounds the decoder's work.
    static let maxDepth = 32

    /// The body decoded as `Body`.
    static func decode<Body: Decodable>(_ type: Body.Type, from request: HTTPRequest) throws -> Body {
        let bytes = request.body
        guard !bytes.isEmpty else { throw HTTPError.badRequest("the body is empty; send a JSON object") }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw HTTPError.badRequest("the body is not valid UTF-8")
        }
        guard let depth = nestingDepth(of: bytes), depth <= maxDepth else {
            throw HTTPError.badRequest("the body nests JSON deeper than \(maxDepth) levels")
        }
        guard bytes.first(where: { !isWhitespace($0) }) == UInt8(ascii: "{") else {
            throw HTTPError.badRequest("the body must be a JSON object")
        }
        do {
            return try JSONDecoder().decode(Body.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw HTTPError.badRequest(describe(error))
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError.badRequest("the body is not valid JSON")
        }
    }

    /// The deepest nesting of arrays and objects, outside strings; nil past `maxDepth`
    /// (the scan stops there).
    static func nestingDepth(of bytes: [UInt8]) -> Int? {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
                if depth > maxDepth { return nil }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// JSON whitespace.
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// One sentence naming the field and the problem.
    static func describe(_ error: DecodingError) -> String {
        /// "field 'a.b'" for a coding path.
        func path(_ codingPath: [any CodingKey]) -> String {
            let names = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "the body" : "field '\(names.joined(separator: "."))'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.isEmpty ? "" : " in \(path(context.codingPath))"
            return "field '\(key.stringValue)' is required\(parent)"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(typeName(type)), not null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            return "\(path(context.codingPath)) has an invalid value"
        @unknown default:
            return "the body does not have the expected fields"
        }
    }

    /// How a type is named in messages.
    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "an object of the documented shape"
        }
    }
}
