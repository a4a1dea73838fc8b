import Domain
import Foundation
import Synchronization

@testable import NotifyHub

/// The desk as the visitor tests want it, without ingest-api: answers by keyword.
/// - "vpn": an FAQ answer;
/// - "stream": an LLM answer in three pieces ("Hello", ", ", "world"), then the whole;
/// - "down": ingest-api unreachable;
/// - anything else: ticket #42.
/// Keeps every request and every stored operator-mode message.
final class StandInDesk: AnswerSource, VisitorMessageStore {
    static let faqAnswer = "Open the VPN client and sign in."
    private let state = Mutex<(requests: [IngestRequest], stored: [(chatID: String, text: String)])>(([], []))

    func answer(_ request: IngestRequest, onPiece: @escaping @Sendable (String) -> Void) async throws(DeskError)
        -> IngestResponse
    {
        state.withLock { $0.requests.append(request) }
        let text = request.text.lowercased()
        if text.contains("down") { throw .unreachable("stand-in says down") }
        if text.contains("stream") {
            var soFar = ""
            for piece in ["Hello", ", ", "world"] {
                soFar += piece
                onPiece(soFar)
                try? await Task.sleep(nanoseconds: 5_000_000)
            }
            return IngestResponse(
                status: .closedAuto, answer: soFar, source: .llm, language: "en", sessionID: "s-1", messageID: 2)
        }
        if text.contains("vpn") {
            return IngestResponse(
                status: .closedAuto, answer: Self.faqAnswer, similarityScore: 0.92, source: .faq, language: "en",
                sessionID: "s-1", messageID: 1)
        }
        return IngestResponse(
            status: .new, ticketID: 42, category: "VPN", priority: "high", department: "IT_Infrastructure",
            language: "en", sessionID: "s-2", messageID: 3)
    }

    func store(visitorMessage text: String, chatID: String, user: ChatUser) async throws(DeskError) {
        state.withLock { $0.stored.append((chatID, text)) }
    }

    /// What `POST /api/ingest` would have received.
    var requests: [IngestRequest] { state.withLock { $0.requests } }

    /// The operator-mode messages stored, as (chat id, text).
    var stored: [(chatID: String, text: String)] { state.withLock { $0.stored } }
}

/// A frame's JSON object (empty when it is not one).
func object(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}

/// The sorted keys of a frame's JSON object, to check field names exactly.
func keys(_ text: String) -> [String] { object(text).keys.sorted() }

/// Collects values from any thread (handlers, stand-in servers) for a test to read.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }

    var all: [Value] { values.withLock { $0 } }
}
